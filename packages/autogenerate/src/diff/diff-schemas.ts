import {
  type Operation,
  operations,
  type QualifiedName,
  type SchemaModel,
  type TableModel,
} from "@athanor/core";
import { adoptConstraintNames } from "../adopt-constraint-names.js";
import { addTables, dropTables, serialColumnsOf } from "./added-and-dropped-tables.js";
import type { ColumnSite } from "./column-site.js";
import { dataLossOf, display } from "./data-loss.js";
import { diffTable } from "./diff-table.js";
import type { DataLossWarning, DiffOptions, DiffResult } from "./diff-types.js";
import { diffEnums, diffSequences, printedEnumType } from "./diff-types-and-sequences.js";
import { diffViewsAndSecurity } from "./diff-views.js";
import { applyEnumRenames, enumRenameNotes } from "./enum-renames.js";
import { filterModel, onOneSchema } from "./filter-model.js";
import { replaceIndexesInPlace } from "./index-replacements.js";
import { type NameContext, nameOf } from "./model-to-input.js";
import { Phases } from "./phases.js";
import { expressionSpelling } from "./rename-in-expression.js";
import { applyRenames, decideRenames } from "./renames.js";
import { renamesInPlace } from "./renames-in-place.js";
import { same } from "./same.js";

function key(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

/**
 * Compares the desired schema (the models, canonicalised through the database) with the live
 * one and returns the operations that turn live into desired, in an order that applies:
 * schemas, enums and sequences first; renames; drops of foreign keys, constraints and indexes
 * that go away; new tables (referenced before referencing, keys of reference cycles added
 * afterwards); column changes; new constraints, indexes, then foreign keys; dropped columns,
 * tables, types, sequences and schemas last. Every drop records what it drops, so `reverseAll`
 * of the result is a correct downgrade.
 *
 * Both models must be in the database's printed form (introspected, or canonicalised), so
 * types, defaults and expressions compare as plain text. Pure and synchronous; it never
 * prompts: renames come from `renames` hints or `resolveRename`, and rename candidates nobody
 * accepted are reported (and diffed as a drop plus an add).
 *
 * @example
 * ```ts
 * const { operations, renameCandidates, dataLoss } = diffSchemas(desired, live, {
 *   hooks: postgresDifferHooks,
 *   renames: [{ kind: "column", table: "users", from: "mail", to: "email" }],
 * });
 * ```
 */
export function diffSchemas(desired: SchemaModel, live: SchemaModel, options: DiffOptions): DiffResult {
  const hooks = options.hooks;
  const defaultSchema =
    options.defaultSchema ?? hooks.defaultSchema ?? live.schemas[0] ?? desired.schemas[0] ?? "";
  const ctx: NameContext = { defaultSchema, hooks };
  // MySQL has one schema per connection: the models' database names differ (scratch vs live) but mean the same.
  const oneSchema = (m: SchemaModel) => (hooks.schemasAreDatabases ? onOneSchema(m, defaultSchema) : m);
  const want = filterModel(oneSchema(desired), options.include);
  const filteredLive = filterModel(oneSchema(live), options.include);
  const renames = decideRenames(want, filteredLive, options, defaultSchema);
  const renamed = applyRenames(filteredLive, renames.tables, renames.columns, expressionSpelling(hooks));
  const enumRenames = applyEnumRenames(
    ctx,
    want,
    // A renamed table's constraints still carry labels made from its old name (`people_pkey`);
    // where names are labels (SQLite), they follow the desired ones as before any rename: no
    // table rebuild for a label.
    hooks.constraintNamesAreLabels === true && renamed !== filteredLive
      ? adoptConstraintNames(want, renamed)
      : renamed,
    options.renames ?? [],
    hooks.namedTypes === true,
  );
  const inPlace = renamesInPlace(ctx, want, enumRenames.live);
  const have = inPlace.live;

  const phases = new Phases();
  const notes: string[] = [];
  const byHand: string[] = [];
  schemaAndRenameOps(ctx, want, have, renames, phases);
  phases.add("sequences", ...inPlace.sequences);
  phases.add("renames", ...inPlace.constraints);

  phases.add("createEnums", ...enumRenames.operations);
  if (hooks.namedTypes) notes.push(...enumRenameNotes(ctx, want, have));
  const inverses = new Map<Operation, readonly Operation[]>();
  const risky = hooks.namedTypes ? diffEnums(ctx, want, have, phases, notes, inverses) : new Map();
  if (hooks.namedTypes) diffSequences(ctx, want, have, phases, notes, byHand);
  const enumTypes = new Set([...want.enums, ...have.enums].map((e) => printedEnumType(ctx, e)));

  const haveByKey = new Map(have.tables.map((t) => [key(t.schema, t.name), t]));
  const wantByKey = new Map(want.tables.map((t) => [key(t.schema, t.name), t]));
  const lost: string[] = [];
  const site = (t: TableModel): ColumnSite => ({
    ctx,
    schema: t.schema,
    table: t.name,
    enumTypes,
    phases,
    notes,
    byHand,
    inverses,
  });

  addTables(
    ctx,
    want,
    want.tables.filter((t) => !haveByKey.has(key(t.schema, t.name))),
    phases,
    lost,
  );

  for (const w of want.tables) {
    const h = haveByKey.get(key(w.schema, w.name));
    if (h === undefined) continue;
    const serial = { want: serialColumnsOf(want, w), have: serialColumnsOf(have, h) };
    if (unchangedTable(w, h, serial)) continue;
    diffTable(site(w), w, h, serial);
  }

  dropTables(
    ctx,
    have,
    have.tables.filter((t) => !wantByKey.has(key(t.schema, t.name))),
    phases,
    lost,
  );
  diffViewsAndSecurity(ctx, want, have, phases);
  for (const what of lost)
    notes.push(`${what} cannot be written exactly; check the generated table definitions.`);

  // an index redefined under its name: one create that replaces it, where the dialect swaps in one statement
  const foreignKeysOf = (t: QualifiedName) =>
    haveByKey.get(key(t.schema ?? defaultSchema, t.name))?.foreignKeys.map((f) => f.columns) ?? [];
  const written = phases.operations({ tableAtATime: hooks.tableAtATime });
  const ops = hooks.replacesIndexes === true ? replaceIndexesInPlace(written, foreignKeysOf) : written;
  return {
    operations: ops,
    renameCandidates: renames.candidates,
    dataLoss: dataLossWarnings(ops, risky),
    notes,
    byHand,
    inverses,
  };
}

/**
 * Whether a table pair has nothing to compare: one table object on both sides (SQLite reads a
 * table the file holds as athanor writes it from the file, canonicalize-reuse.ts), or two equal
 * ones (a `check` of models that match: the canonicalised table and the live reading hold the
 * same data) — one walk of both instead of `diffTable`'s per-column, per-key pairing. Not when two
 * of its columns, keys or indexes share a name (then items are paired by name with the wrong
 * twin: walked), nor when the serial columns differ (they are the model's, not the table's).
 * Exported for the proof that the walk gives nothing for such a pair (equal-tables.test.ts).
 */
export function unchangedTable(
  w: TableModel,
  h: TableModel,
  serial: { readonly want: ReadonlySet<string>; readonly have: ReadonlySet<string> },
): boolean {
  return sameSet(serial.want, serial.have) && distinctNames(w) && (h === w || sameFields(w, h));
}

/**
 * `same(w, h)`, a field both tables hold as one value passed over without a walk (SQLite's
 * tables read from the file in drizzle-kit's spelling share their columns and indexes with the
 * live reading): a model is JSON data, which is the same as itself.
 */
function sameFields(w: TableModel, h: TableModel): boolean {
  const x = w as unknown as Record<string, unknown>;
  const y = h as unknown as Record<string, unknown>;
  // for-in with hasOwn: Object.keys's keys without building the arrays (1,000 tables a check)
  let fields = 0;
  for (const k in x) {
    const a = x[k];
    if (!Object.hasOwn(x, k) || a === undefined) continue;
    fields++;
    const b = y[k];
    if (b === undefined || !Object.prototype.propertyIsEnumerable.call(y, k) || !(a === b || same(a, b)))
      return false;
  }
  for (const k in y) if (Object.hasOwn(y, k) && y[k] !== undefined) fields--;
  return fields === 0;
}

function distinctNames(t: TableModel): boolean {
  const lists = [t.columns, t.uniques, t.foreignKeys, t.checks, t.indexes];
  return lists.every((items) => new Set(items.map((i) => i.name)).size === items.length);
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** A warning for each operation that loses data (`risky`: the enum changes' own reasons). */
function dataLossWarnings(
  ops: readonly Operation[],
  risky: ReadonlyMap<Operation, string>,
): DataLossWarning[] {
  const dataLoss: DataLossWarning[] = [];
  ops.forEach((op, operationIndex) => {
    const reason = risky.get(op) ?? dataLossOf(op);
    if (reason === null) return;
    const target = "table" in op ? display(op.table) : "name" in op ? display(op.name) : op.kind;
    dataLoss.push({ operationIndex, kind: op.kind, target, reason });
  });
  return dataLoss;
}

/** Schemas created and dropped (not where a schema is a database), then the renames decided. */
function schemaAndRenameOps(
  ctx: NameContext,
  want: SchemaModel,
  have: SchemaModel,
  renames: Pick<ReturnType<typeof decideRenames>, "tables" | "columns">,
  phases: Phases,
): void {
  if (!ctx.hooks.schemasAreDatabases) {
    for (const s of want.schemas)
      if (!have.schemas.includes(s)) phases.add("createSchemas", operations.createSchema(s));
    for (const s of have.schemas)
      if (!want.schemas.includes(s) && s !== ctx.defaultSchema)
        phases.add("dropSchemas", operations.dropSchema(s));
  }
  for (const r of renames.tables)
    phases.add("renames", operations.renameTable(nameOf(ctx, r.schema, r.from), r.to));
  for (const r of renames.columns)
    phases.add("renames", operations.renameColumn(nameOf(ctx, r.schema, r.table ?? ""), r.from, r.to));
}
