import { AthanorError } from "@athanor/core";
import { quoteIdent } from "../quote.js";

/** Comments and blanks a statement may have around it (a hand-written `-- why` above the DROP). */
const AROUND = String.raw`(?:\s|--[^\n]*(?:\n|$)|/\*[\s\S]*?\*/)*`;
/** `DROP TABLE [IF EXISTS] [main.]name`, the name bare or quoted as SQLite reads it. */
const DROP_TABLE = new RegExp(
  String.raw`^${AROUND}DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:(?:main|"main")\s*\.\s*)?("(?:[^"]|"")+"|\`(?:[^\`]|\`\`)+\`|\[[^\]]+\]|[A-Za-z_][A-Za-z0-9_$]*)${AROUND}(?:;${AROUND})?$`,
  "i",
);
const DELETE = new RegExp(String.raw`^${AROUND}DELETE\s`, "i");

/** The table a lone `DROP TABLE` statement drops, or undefined for any other statement. */
export function droppedTable(sql: string): string | undefined {
  const quoted = DROP_TABLE.exec(sql)?.[1];
  if (quoted === undefined) return undefined;
  const open = quoted[0];
  if (open === '"') return quoted.slice(1, -1).replaceAll('""', '"');
  if (open === "`") return quoted.slice(1, -1).replaceAll("``", "`");
  if (open === "[") return quoted.slice(1, -1);
  return quoted;
}

/**
 * The `DROP TABLE`s of a script that must be checked first: those no `DELETE` comes before (a
 * rebuild athanor renders for D1 empties the referencing tables itself before its DROP).
 */
export function unguardedDrops(parts: readonly string[]): string[] {
  const drops: string[] = [];
  for (const sql of parts) {
    if (DELETE.test(sql)) break;
    const table = droppedTable(sql);
    if (table !== undefined) drops.push(table);
  }
  return drops;
}

interface ActionKey {
  readonly child: string;
  readonly id: number;
  readonly from: string;
  readonly action: string;
}

/**
 * On D1 `PRAGMA foreign_keys = OFF` is ignored, so a `DROP TABLE` — a hand-written or drizzle-kit
 * rebuild's (`PRAGMA foreign_keys=OFF; CREATE TABLE __new_x ...; DROP TABLE x; ...`), or an
 * `op.dropTable` of a parent — DELETEs the table's rows first and every ON DELETE CASCADE /
 * SET NULL / SET DEFAULT of another table fires: its rows go or lose their key, and the revision
 * reports success. On a SQLite file athanor's session has foreign keys off and nothing cascades.
 * So before such a DROP runs, the rows it would reach are looked for; if there are any it is
 * refused with ATHANOR_UNSUPPORTED and nothing is dropped.
 */
export async function refuseCascadingDrop(
  read: <Row>(sql: string, params?: readonly unknown[]) => Promise<{ readonly rows: readonly Row[] }>,
  table: string,
): Promise<void> {
  const { rows } = await read<ActionKey>(
    `SELECT m.name AS child, f.id AS id, f."from" AS "from", f.on_delete AS action
       FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f
      WHERE m.type = 'table' AND m.name <> ?1 COLLATE NOCASE AND f."table" = ?1 COLLATE NOCASE
        AND upper(f.on_delete) IN ('CASCADE', 'SET NULL', 'SET DEFAULT')
      ORDER BY m.name, f.id, f.seq`,
    [table],
  );
  const keys = new Map<string, { child: string; action: string; columns: string[] }>();
  for (const r of rows) {
    const key = `${r.child}\u0000${r.id}`;
    const entry = keys.get(key) ?? { child: r.child, action: r.action, columns: [] };
    entry.columns.push(r.from);
    keys.set(key, entry);
  }
  for (const { child, action, columns } of keys.values()) {
    const set = columns.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(" AND ");
    const found = await read(`SELECT 1 AS x FROM ${quoteIdent(child)} WHERE ${set} LIMIT 1`);
    if (found.rows.length === 0) continue;
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `On D1, DROP TABLE ${JSON.stringify(table)} would run ON DELETE ${action} on the rows of ${JSON.stringify(child)} that reference it: D1 ignores PRAGMA foreign_keys = OFF, so those rows would be deleted or lose their key. Nothing was dropped. Change the table with athanor's operations (op.alterColumn, op.addColumn, ...: a rebuild on D1 keeps the referencing rows), or move those rows aside and back yourself.`,
      { dialect: "sqlite", kind: "execute", table, child, action, what: "a DROP TABLE that cascades on D1" },
    );
  }
}
