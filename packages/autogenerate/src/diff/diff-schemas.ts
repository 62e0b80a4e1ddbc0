import { type Operation, operations, type SchemaModel, type TableModel } from "@athanor/core";
import type { ColumnSite } from "./column-site.js";
import { dataLossOf, display } from "./data-loss.js";
import { createIndexOps, diffTable, dropIndexOps } from "./diff-table.js";
import type { DataLossWarning, DiffOptions, DiffResult } from "./diff-types.js";
import { diffEnums, diffSequences, printedEnumType } from "./diff-types-and-sequences.js";
import { diffViewsAndSecurity } from "./diff-views.js";
import { applyEnumRenames, enumRenameNotes } from "./enum-renames.js";
import { filterModel, isForeignKeyIndex, onOneSchema } from "./filter-model.js";
import { foreignKeyInput, type NameContext, nameOf, tableInput } from "./model-to-input.js";
import { Phases } from "./phases.js";
import { applyRenames, decideRenames } from "./renames.js";
import { creationOrder } from "./table-order.js";

function key(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

/** Columns of `table` whose default is `nextval` of a sequence they own: written as `serial`. */
function serialColumnsOf(model: SchemaModel, table: TableModel): Set<string> {
  const owned = model.sequences.filter((s) => s.schema === table.schema && s.ownedBy?.table === table.name);
  return new Set(
    table.columns
      .filter((c) => c.default?.startsWith("nextval(") && owned.some((s) => s.ownedBy?.column === c.name))
      .map((c) => c.name),
  );
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
  const enumRenames = applyEnumRenames(
    ctx,
    want,
    applyRenames(filteredLive, renames.tables, renames.columns),
    options.renames ?? [],
    hooks.namedTypes === true,
  );
  const have = enumRenames.live;

  const phases = new Phases();
  const notes: string[] = [];
  if (!hooks.schemasAreDatabases) {
    for (const s of want.schemas)
      if (!have.schemas.includes(s)) phases.add("createSchemas", operations.createSchema(s));
    for (const s of have.schemas)
      if (!want.schemas.includes(s) && s !== defaultSchema)
        phases.add("dropSchemas", operations.dropSchema(s));
  }
  for (const r of renames.tables)
    phases.add("renames", operations.renameTable(nameOf(ctx, r.schema, r.from), r.to));
  for (const r of renames.columns)
    phases.add("renames", operations.renameColumn(nameOf(ctx, r.schema, r.table ?? ""), r.from, r.to));

  phases.add("createEnums", ...enumRenames.operations);
  if (hooks.namedTypes) notes.push(...enumRenameNotes(ctx, want, have));
  const inverses = new Map<Operation, readonly Operation[]>();
  const risky = hooks.namedTypes ? diffEnums(ctx, want, have, phases, notes, inverses) : new Map();
  if (hooks.namedTypes) diffSequences(ctx, want, have, phases, notes);
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
    inverses,
  });

  const added = creationOrder(want.tables.filter((t) => !haveByKey.has(key(t.schema, t.name))));
  for (const t of added.order) {
    const deferred = added.deferred.get(t) ?? [];
    const name = nameOf(ctx, t.schema, t.name);
    const definition = tableInput(ctx, t, {
      foreignKeys: t.foreignKeys.filter((f) => !deferred.includes(f)),
      serialColumns: serialColumnsOf(want, t),
      lost,
    });
    phases.add("createTables", operations.createTable(name, definition));
    for (const f of deferred)
      phases.add("addForeignKeys", operations.addForeignKey(f.name, name, foreignKeyInput(ctx, f)));
    // MySQL creates (and drops) a foreign key's own index with the table.
    for (const i of t.indexes)
      if (!hooks.serverManagedForeignKeyIndexes || !isForeignKeyIndex(t, i))
        phases.add("addIndexes", ...createIndexOps(ctx, name, i));
  }

  for (const w of want.tables) {
    const h = haveByKey.get(key(w.schema, w.name));
    if (h !== undefined)
      diffTable(site(w), w, h, { want: serialColumnsOf(want, w), have: serialColumnsOf(have, h) });
  }

  const dropped = creationOrder(have.tables.filter((t) => !wantByKey.has(key(t.schema, t.name))));
  for (const t of [...dropped.order].reverse()) {
    const deferred = dropped.deferred.get(t) ?? [];
    const name = nameOf(ctx, t.schema, t.name);
    for (const f of deferred) {
      phases.add(
        "dropTableDependents",
        operations.dropConstraint(f.name, name, {
          existing: { type: "foreignKey", ...foreignKeyInput(ctx, f) },
        }),
      );
    }
    // Dropped explicitly (not with the table) so the downgrade recreates them.
    for (const i of t.indexes)
      if (!hooks.serverManagedForeignKeyIndexes || !isForeignKeyIndex(t, i))
        phases.add("dropTableDependents", ...dropIndexOps(ctx, name, i));
    const existing = tableInput(ctx, t, {
      foreignKeys: t.foreignKeys.filter((f) => !deferred.includes(f)),
      serialColumns: serialColumnsOf(have, t),
      lost,
    });
    phases.add("dropTables", operations.dropTable(name, { existing }));
  }
  diffViewsAndSecurity(ctx, want, have, phases);
  for (const what of lost)
    notes.push(`${what} cannot be written exactly; check the generated table definitions.`);

  const ops = phases.operations();
  const dataLoss: DataLossWarning[] = [];
  ops.forEach((op, operationIndex) => {
    const reason = risky.get(op) ?? dataLossOf(op);
    if (reason === null) return;
    const target = "table" in op ? display(op.table) : "name" in op ? display(op.name) : op.kind;
    dataLoss.push({ operationIndex, kind: op.kind, target, reason });
  });
  return { operations: ops, renameCandidates: renames.candidates, dataLoss, notes, inverses };
}
