import {
  AthanorError,
  type ColumnModel,
  differsOnlyInCase,
  type SchemaModel,
  type TableModel,
} from "@athanor/core";
import type { DiffOptions, RenameCandidate, RenameHint } from "./diff-types.js";
import { type ExpressionSpelling, renameInTableExpressions } from "./rename-in-expression.js";
import { canonicalJson } from "./same.js";

/** A rename the differ will emit: a table (`table` absent) or a column of `table` (its new name). */
export interface AcceptedRename {
  readonly schema: string;
  readonly table?: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Parses a `--rename` value. An explicit kind makes every form unambiguous:
 * `table:[schema.]old:new` renames a table, `column:[schema.]table.old:new` a column of
 * `table` (its new name). Without a kind, `old:new` is a table, `table.old:new` a column
 * (or, when only that reading applies, table `old` of schema `table`; both applying is an
 * error) and `schema.table.old:new` a column.
 *
 * @example
 * ```ts
 * parseRenameHint("users.mail:email"); // { kind: "column", table: "users", from: "mail", to: "email", orTable: true }
 * parseRenameHint("table:billing.invoice_lines:invoice_items"); // { kind: "table", schema: "billing", ... }
 * ```
 */
export function parseRenameHint(text: string): RenameHint {
  const enumHint = parseEnumHint(text);
  if (enumHint !== undefined) return enumHint;
  const match = /^(?:(table|column):)?([^:]+):([^:.]+)$/.exec(text.trim());
  const kind = match?.[1];
  const parts = match?.[2]?.split(".") ?? [];
  const to = match?.[3];
  const counts = kind === "table" ? [1, 2] : kind === "column" ? [2, 3] : [1, 2, 3];
  if (to === undefined || !counts.includes(parts.length) || parts.some((p) => p === "")) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      `--rename ${text} is not a rename: write old:new or table:schema.old:new for a table, table.old:new or schema.table.old:new for a column (column:... to say so explicitly).`,
      {
        value: text,
        hint: "--rename people:users --rename table:billing.lines:items --rename users.mail:email",
      },
    );
  }
  const [a, b, c] = parts as [string, string | undefined, string | undefined];
  if (kind === "table" || parts.length === 1)
    return b === undefined ? { kind: "table", from: a, to } : { kind: "table", schema: a, from: b, to };
  if (c !== undefined) return { kind: "column", schema: a, table: b as string, from: c, to };
  return {
    kind: "column",
    table: a,
    from: b as string,
    to,
    ...(kind === undefined ? { orTable: true } : {}),
  };
}

/**
 * `enum:[schema.]old:new` (an enum type renamed) or `enum-value:[schema.]type.old:new` (one
 * value renamed in place); `undefined` for any other kind. Enum values may hold `.` and `:`
 * only outside hints: a value hint splits on the last `:` and on `.` of the type part.
 */
function parseEnumHint(text: string): RenameHint | undefined {
  const match = /^(enum|enum-value):(.+):([^:]+)$/.exec(text.trim());
  if (match === null) {
    if (/^enum(-value)?:/.test(text.trim())) throw badEnumHint(text);
    return undefined;
  }
  const [, kind, left = "", to = ""] = match;
  if (kind === "enum") {
    const parts = left.split(".");
    if (parts.length > 2 || parts.some((p) => p === "") || to.includes(".")) throw badEnumHint(text);
    const [a, b] = parts as [string, string | undefined];
    return b === undefined ? { kind: "enum", from: a, to } : { kind: "enum", schema: a, from: b, to };
  }
  const parts = left.split(".");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) throw badEnumHint(text);
  const [a, b, c] = parts as [string, string, string | undefined];
  return c === undefined
    ? { kind: "enum-value", enum: a, from: b, to }
    : { kind: "enum-value", schema: a, enum: b, from: c, to };
}

function badEnumHint(text: string): AthanorError {
  return new AthanorError(
    "ATHANOR_USAGE",
    `--rename ${text} is not an enum rename: write enum:[schema.]old:new for a type, enum-value:[schema.]type.old:new for one of its values.`,
    { value: text, hint: "--rename enum:mood:feeling --rename enum-value:mood.sad:blue" },
  );
}

/**
 * The `--rename` value that {@link parseRenameHint} reads back as exactly this rename: a table
 * outside the default schema says `table:` so it cannot be read as a column.
 *
 * @example
 * ```ts
 * renameHintText("table", "billing", "public", "invoice_lines", "invoice_items"); // "table:billing.invoice_lines:invoice_items"
 * ```
 */
export function renameHintText(
  kind: "table" | "column",
  schema: string,
  defaultSchema: string,
  from: string,
  to: string,
  table?: string,
): string {
  const prefix = schema === defaultSchema ? "" : `${schema}.`;
  if (kind === "table") return `${schema === defaultSchema ? "" : "table:"}${prefix}${from}:${to}`;
  return `${prefix}${table}.${from}:${to}`;
}

/**
 * Reads each untyped `a.b:c` hint as a rename of table `b` in schema `a` when only that reading
 * fits the models and the database; when both readings fit, the hint is refused as ambiguous.
 */
function resolveSchemaTableHints(
  hints: readonly RenameHint[],
  dropped: readonly TableModel[],
  added: readonly TableModel[],
  desired: SchemaModel,
  live: SchemaModel,
  defaultSchema: string,
): RenameHint[] {
  return hints.map((hint) => {
    if (hint.kind !== "column" || hint.orTable !== true) return hint;
    const asTable =
      dropped.some((t) => t.schema === hint.table && t.name === hint.from) &&
      added.some((t) => t.schema === hint.table && t.name === hint.to);
    if (!asTable) return hint;
    const inDefault = (m: SchemaModel) =>
      m.tables.some((t) => t.schema === defaultSchema && t.name === hint.table);
    if (inDefault(desired) && inDefault(live)) {
      const text = `${hint.table}.${hint.from}:${hint.to}`;
      throw invalidHint(
        text,
        `it reads as a column of table ${hint.table} and as table ${hint.from} of schema ${hint.table}; write column:${text} or table:${text}`,
      );
    }
    return { kind: "table", schema: hint.table, from: hint.from, to: hint.to };
  });
}

function key(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

export function invalidHint(text: string, why: string): AthanorError {
  return new AthanorError(
    "ATHANOR_RENAME_HINT_INVALID",
    `The rename ${text} does not apply: ${why}. Check the names against the models and the database (\`athanor diff\` lists rename candidates).`,
    { hint: text, reason: why },
  );
}

function columnShape(c: ColumnModel): string {
  return canonicalJson({ ...c, name: "", comment: null });
}

function tableShape(t: TableModel): string {
  return canonicalJson(t.columns.map((c) => [c.name, c.type]));
}

/**
 * Decides every rename from hints, then — where the dialect folds name case — every name whose
 * spelling changed only in case, then from `resolveRename` for the remaining candidates (same
 * schema, same shape: a table's column names and types, a column's whole definition).
 * Returns the accepted renames and the candidates nobody accepted.
 */
export function decideRenames(
  desired: SchemaModel,
  live: SchemaModel,
  options: Pick<DiffOptions, "renames" | "resolveRename" | "hooks">,
  defaultSchema: string,
): { tables: AcceptedRename[]; columns: AcceptedRename[]; candidates: RenameCandidate[] } {
  const candidates: RenameCandidate[] = [];
  const liveTables = new Map(live.tables.map((t) => [key(t.schema, t.name), t]));
  const desiredTables = new Map(desired.tables.map((t) => [key(t.schema, t.name), t]));
  const dropped = live.tables.filter((t) => !desiredTables.has(key(t.schema, t.name)));
  const added = desired.tables.filter((t) => !liveTables.has(key(t.schema, t.name)));
  const hints = resolveSchemaTableHints(options.renames ?? [], dropped, added, desired, live, defaultSchema);

  const tables: AcceptedRename[] = [];
  const taken = new Set<string>();
  for (const hint of hints) {
    if (hint.kind !== "table") continue;
    const schema = hint.schema ?? defaultSchema;
    const text = renameHintText("table", schema, defaultSchema, hint.from, hint.to);
    const from = dropped.find((t) => t.schema === schema && t.name === hint.from);
    const to = added.find((t) => t.schema === schema && t.name === hint.to);
    if (from === undefined)
      throw invalidHint(text, `no table ${hint.from} is being dropped in schema ${schema}`);
    if (to === undefined) throw invalidHint(text, `no table ${hint.to} is being added in schema ${schema}`);
    tables.push({ schema, from: from.name, to: to.name });
    taken.add(key(schema, from.name)).add(key(schema, `>${to.name}`));
  }
  if (options.hooks.foldsNameCase?.tables === true) {
    // One table to the server: the new spelling cannot be created beside the old, and a drop
    // would lose the rows of what is only a new spelling. A rename, never asked.
    for (const from of dropped) {
      const to = added.find(
        (t) =>
          t.schema === from.schema &&
          differsOnlyInCase(from.name, t.name) &&
          !taken.has(key(t.schema, `>${t.name}`)),
      );
      if (to === undefined || taken.has(key(from.schema, from.name))) continue;
      tables.push({ schema: from.schema, from: from.name, to: to.name });
      taken.add(key(from.schema, from.name)).add(key(to.schema, `>${to.name}`));
    }
  }
  for (const from of dropped) {
    for (const to of added) {
      if (from.schema !== to.schema || tableShape(from) !== tableShape(to)) continue;
      if (taken.has(key(from.schema, from.name)) || taken.has(key(to.schema, `>${to.name}`))) continue;
      const candidate: RenameCandidate = {
        kind: "table",
        schema: from.schema,
        from: from.name,
        to: to.name,
        hint: renameHintText("table", from.schema, defaultSchema, from.name, to.name),
      };
      if (options.resolveRename?.(candidate) === true) {
        tables.push({ schema: from.schema, from: from.name, to: to.name });
        taken.add(key(from.schema, from.name)).add(key(to.schema, `>${to.name}`));
      } else candidates.push(candidate);
    }
  }

  const renamedLive = applyRenames(live, tables, []);
  const columns = decideColumnRenames(desired, renamedLive, hints, options, defaultSchema, candidates);
  // A candidate that lost to an accepted rename of the same object is no longer a question.
  const open = candidates.filter(
    (c) =>
      c.kind === "column" ||
      !tables.some((t) => t.schema === c.schema && (t.from === c.from || t.to === c.to)),
  );
  return { tables, columns, candidates: open };
}

function decideColumnRenames(
  desired: SchemaModel,
  live: SchemaModel,
  hints: readonly RenameHint[],
  options: Pick<DiffOptions, "resolveRename" | "hooks">,
  defaultSchema: string,
  candidates: RenameCandidate[],
): AcceptedRename[] {
  const accepted: AcceptedRename[] = [];
  const liveTables = new Map(live.tables.map((t) => [key(t.schema, t.name), t]));
  for (const hint of hints) {
    if (hint.kind !== "column") continue;
    const schema = hint.schema ?? defaultSchema;
    const text = `${hint.schema === undefined ? "" : `${hint.schema}.`}${hint.table}.${hint.from}:${hint.to}`;
    const want = desired.tables.find((t) => t.schema === schema && t.name === hint.table);
    const have = liveTables.get(key(schema, hint.table));
    if (want === undefined || have === undefined)
      throw invalidHint(text, `table ${hint.table} is not in both the models and the database`);
    if (!have.columns.some((c) => c.name === hint.from) || want.columns.some((c) => c.name === hint.from))
      throw invalidHint(text, `no column ${hint.from} is being dropped from ${hint.table}`);
    if (!want.columns.some((c) => c.name === hint.to) || have.columns.some((c) => c.name === hint.to))
      throw invalidHint(text, `no column ${hint.to} is being added to ${hint.table}`);
    accepted.push({ schema, table: hint.table, from: hint.from, to: hint.to });
  }
  for (const want of desired.tables) {
    const have = liveTables.get(key(want.schema, want.name));
    // the same column names in the same places: nothing dropped, nothing added, nothing to pair
    if (have === undefined || sameColumnNames(want, have)) continue;
    const done = (name: string, side: "from" | "to") =>
      accepted.some((a) => a.schema === want.schema && a.table === want.name && a[side] === name);
    const dropped = have.columns.filter((c) => !want.columns.some((w) => w.name === c.name));
    const added = want.columns.filter((c) => !have.columns.some((h) => h.name === c.name));
    if (options.hooks.foldsNameCase?.columns === true) {
      // one column to the server (see the tables above): renamed in place, whatever else changed
      for (const from of dropped) {
        const to = added.find((c) => differsOnlyInCase(from.name, c.name) && !done(c.name, "to"));
        if (to !== undefined && !done(from.name, "from"))
          accepted.push({ schema: want.schema, table: want.name, from: from.name, to: to.name });
      }
    }
    for (const from of dropped) {
      for (const to of added) {
        if (done(from.name, "from") || done(to.name, "to") || columnShape(from) !== columnShape(to)) continue;
        const candidate: RenameCandidate = {
          kind: "column",
          schema: want.schema,
          table: want.name,
          from: from.name,
          to: to.name,
          hint: renameHintText("column", want.schema, defaultSchema, from.name, to.name, want.name),
        };
        if (options.resolveRename?.(candidate) === true)
          accepted.push({ schema: want.schema, table: want.name, from: from.name, to: to.name });
        else candidates.push(candidate);
      }
    }
  }
  return accepted;
}

/** Whether both tables list the same column names in the same order (the usual pair: no pairing to do). */
function sameColumnNames(a: TableModel, b: TableModel): boolean {
  if (a.columns.length !== b.columns.length) return false;
  for (let i = 0; i < a.columns.length; i++) if (a.columns[i]?.name !== b.columns[i]?.name) return false;
  return true;
}

function renameIn(names: readonly string[], from: string, to: string): string[] {
  return names.map((n) => (n === from ? to : n));
}

/**
 * The live model as it will be after the renames run: tables and columns renamed, and every
 * reference to them (keys, foreign keys of other tables, sequence owners, and — spelled as
 * `spelling` says — the generated expressions, checks and index expressions of the table)
 * following along, as the database does it.
 */
export function applyRenames(
  model: SchemaModel,
  tables: readonly AcceptedRename[],
  columns: readonly AcceptedRename[],
  spelling?: ExpressionSpelling,
): SchemaModel {
  // nothing renamed: the model as it is, not a copy of every table, column and key of it
  if (tables.length === 0 && columns.length === 0) return model;
  const tableName = (schema: string, name: string) =>
    tables.find((r) => r.schema === schema && r.from === name)?.to ?? name;
  const renamed = model.tables.map((t): TableModel => {
    const name = tableName(t.schema, t.name);
    const own = columns.filter((c) => c.schema === t.schema && c.table === name);
    const col = (n: string) => own.find((c) => c.from === n)?.to ?? n;
    const cols = (ns: readonly string[]) => ns.map(col);
    const inExpressions =
      spelling === undefined
        ? t
        : renameInTableExpressions(t, new Map(own.map((c) => [c.from, c.to])), spelling);
    return {
      ...inExpressions,
      name,
      columns: inExpressions.columns.map((c) => ({ ...c, name: col(c.name) })),
      primaryKey: t.primaryKey === null ? null : { ...t.primaryKey, columns: cols(t.primaryKey.columns) },
      uniques: t.uniques.map((u) => ({ ...u, columns: cols(u.columns) })),
      foreignKeys: t.foreignKeys.map((f) => {
        const refTable = tableName(f.referencedSchema, f.referencedTable);
        const refRenames = columns.filter((c) => c.schema === f.referencedSchema && c.table === refTable);
        let refColumns = [...f.referencedColumns];
        for (const r of refRenames) refColumns = renameIn(refColumns, r.from, r.to);
        return { ...f, columns: cols(f.columns), referencedTable: refTable, referencedColumns: refColumns };
      }),
      indexes: inExpressions.indexes.map((i) => ({
        ...i,
        keys: i.keys.map((k) => (k.kind === "column" ? { ...k, column: col(k.column) } : k)),
        include: cols(i.include),
      })),
    };
  });
  return {
    ...model,
    tables: renamed,
    sequences: model.sequences.map((s) => {
      if (s.ownedBy === null) return s;
      const table = tableName(s.schema, s.ownedBy.table);
      const column =
        columns.find((c) => c.schema === s.schema && c.table === table && c.from === s.ownedBy?.column)?.to ??
        s.ownedBy.column;
      return { ...s, ownedBy: { table, column } };
    }),
  };
}
