import { AthanorError, type ColumnModel, type SchemaModel, type TableModel } from "@athanor/core";
import type { DiffOptions, RenameCandidate, RenameHint } from "./diff-types.js";
import { canonicalJson } from "./same.js";

/** A rename the differ will emit: a table (`table` absent) or a column of `table` (its new name). */
export interface AcceptedRename {
  readonly schema: string;
  readonly table?: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Parses a `--rename` value: `old:new` renames a table, `table.old:new` a column of `table`
 * (the table's new name), `schema.table.old:new` a column in another schema.
 *
 * @example
 * ```ts
 * parseRenameHint("users.mail:email"); // { kind: "column", table: "users", from: "mail", to: "email" }
 * ```
 */
export function parseRenameHint(text: string): RenameHint {
  const match = /^([^:]+):([^:.]+)$/.exec(text.trim());
  const parts = match?.[1]?.split(".") ?? [];
  const to = match?.[2];
  if (to === undefined || parts.length === 0 || parts.length > 3 || parts.some((p) => p === "")) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      `--rename ${text} is not a rename: write old:new for a table, table.old:new for a column (schema.table.old:new outside the default schema).`,
      { value: text, hint: "--rename people:users --rename users.mail:email" },
    );
  }
  if (parts.length === 1) return { kind: "table", from: parts[0] as string, to };
  if (parts.length === 2) return { kind: "column", table: parts[0] as string, from: parts[1] as string, to };
  return {
    kind: "column",
    schema: parts[0] as string,
    table: parts[1] as string,
    from: parts[2] as string,
    to,
  };
}

function key(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

function invalidHint(text: string, why: string): AthanorError {
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
 * Decides every rename from hints, then from `resolveRename` for the remaining candidates
 * (same schema, same shape: a table's column names and types, a column's whole definition).
 * Returns the accepted renames and the candidates nobody accepted.
 */
export function decideRenames(
  desired: SchemaModel,
  live: SchemaModel,
  options: Pick<DiffOptions, "renames" | "resolveRename">,
  defaultSchema: string,
): { tables: AcceptedRename[]; columns: AcceptedRename[]; candidates: RenameCandidate[] } {
  const hints = options.renames ?? [];
  const candidates: RenameCandidate[] = [];
  const liveTables = new Map(live.tables.map((t) => [key(t.schema, t.name), t]));
  const desiredTables = new Map(desired.tables.map((t) => [key(t.schema, t.name), t]));
  const dropped = live.tables.filter((t) => !desiredTables.has(key(t.schema, t.name)));
  const added = desired.tables.filter((t) => !liveTables.has(key(t.schema, t.name)));

  const tables: AcceptedRename[] = [];
  const taken = new Set<string>();
  for (const hint of hints) {
    if (hint.kind !== "table") continue;
    const text = `${hint.schema === undefined ? "" : `${hint.schema}.`}${hint.from}:${hint.to}`;
    const schema = hint.schema ?? defaultSchema;
    const from = dropped.find((t) => t.schema === schema && t.name === hint.from);
    const to = added.find((t) => t.schema === schema && t.name === hint.to);
    if (from === undefined)
      throw invalidHint(text, `no table ${hint.from} is being dropped in schema ${schema}`);
    if (to === undefined) throw invalidHint(text, `no table ${hint.to} is being added in schema ${schema}`);
    tables.push({ schema, from: from.name, to: to.name });
    taken.add(key(schema, from.name)).add(key(schema, `>${to.name}`));
  }
  for (const from of dropped) {
    for (const to of added) {
      if (from.schema !== to.schema || tableShape(from) !== tableShape(to)) continue;
      if (taken.has(key(from.schema, from.name)) || taken.has(key(to.schema, `>${to.name}`))) continue;
      const prefix = from.schema === defaultSchema ? "" : `${from.schema}.`;
      const candidate: RenameCandidate = {
        kind: "table",
        schema: from.schema,
        from: from.name,
        to: to.name,
        hint: `${prefix}${from.name}:${to.name}`,
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
  options: Pick<DiffOptions, "resolveRename">,
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
    if (have === undefined) continue;
    const done = (name: string, side: "from" | "to") =>
      accepted.some((a) => a.schema === want.schema && a.table === want.name && a[side] === name);
    const dropped = have.columns.filter((c) => !want.columns.some((w) => w.name === c.name));
    const added = want.columns.filter((c) => !have.columns.some((h) => h.name === c.name));
    for (const from of dropped) {
      for (const to of added) {
        if (done(from.name, "from") || done(to.name, "to") || columnShape(from) !== columnShape(to)) continue;
        const prefix = want.schema === defaultSchema ? "" : `${want.schema}.`;
        const candidate: RenameCandidate = {
          kind: "column",
          schema: want.schema,
          table: want.name,
          from: from.name,
          to: to.name,
          hint: `${prefix}${want.name}.${from.name}:${to.name}`,
        };
        if (options.resolveRename?.(candidate) === true)
          accepted.push({ schema: want.schema, table: want.name, from: from.name, to: to.name });
        else candidates.push(candidate);
      }
    }
  }
  return accepted;
}

function renameIn(names: readonly string[], from: string, to: string): string[] {
  return names.map((n) => (n === from ? to : n));
}

/**
 * The live model as it will be after the renames run: tables and columns renamed, and every
 * reference to them (keys, foreign keys of other tables, sequence owners) following along, as
 * the database does it.
 */
export function applyRenames(
  model: SchemaModel,
  tables: readonly AcceptedRename[],
  columns: readonly AcceptedRename[],
): SchemaModel {
  const tableName = (schema: string, name: string) =>
    tables.find((r) => r.schema === schema && r.from === name)?.to ?? name;
  const renamed = model.tables.map((t): TableModel => {
    const name = tableName(t.schema, t.name);
    const own = columns.filter((c) => c.schema === t.schema && c.table === name);
    const col = (n: string) => own.find((c) => c.from === n)?.to ?? n;
    const cols = (ns: readonly string[]) => ns.map(col);
    return {
      ...t,
      name,
      columns: t.columns.map((c) => ({ ...c, name: col(c.name) })),
      primaryKey: t.primaryKey === null ? null : { ...t.primaryKey, columns: cols(t.primaryKey.columns) },
      uniques: t.uniques.map((u) => ({ ...u, columns: cols(u.columns) })),
      foreignKeys: t.foreignKeys.map((f) => {
        const refTable = tableName(f.referencedSchema, f.referencedTable);
        const refRenames = columns.filter((c) => c.schema === f.referencedSchema && c.table === refTable);
        let refColumns = [...f.referencedColumns];
        for (const r of refRenames) refColumns = renameIn(refColumns, r.from, r.to);
        return { ...f, columns: cols(f.columns), referencedTable: refTable, referencedColumns: refColumns };
      }),
      indexes: t.indexes.map((i) => ({
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
