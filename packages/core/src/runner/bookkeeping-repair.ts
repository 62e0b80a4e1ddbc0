import type { Connection } from "../dialect/connection.js";
import { AthanorError } from "../errors.js";
import { nextStep } from "../text/next-step.js";
import { type BookkeepingSql, STATEMENTS_FINGERPRINT } from "./bookkeeping-sql.js";

/** What is missing from athanor's own tables (someone dropped a table or a column by hand). */
export interface BookkeepingDamage {
  /** Tables that do not exist. */
  readonly missingTables: readonly string[];
  /** Per existing table, the columns it lacks. */
  readonly missingColumns: Readonly<Record<string, readonly string[]>>;
}

/**
 * Compares the version and history tables with what athanor writes; `undefined` when both are
 * complete (a failed read then had another cause). Reads only.
 *
 * @example
 * ```ts
 * const damage = await diagnoseBookkeeping(conn, sql); // { missingTables: ["athanor_version_history"], ... }
 * ```
 */
export async function diagnoseBookkeeping(
  conn: Connection,
  sql: BookkeepingSql,
): Promise<BookkeepingDamage | undefined> {
  const rows = (await conn.query<{ table_name: string; column_name: string }>(sql.selectBookkeepingColumns()))
    .rows;
  const version = sql.location.name;
  const history = sql.historyName;
  const expected: Record<string, readonly string[]> = {
    [version]: ["version_num"],
    // a table an older athanor created lacks the fingerprint column until a run adds it: not damage
    [history]: sql
      .historyColumns()
      .map((c) => c.name)
      .filter((c) => c !== STATEMENTS_FINGERPRINT),
  };
  const missingTables: string[] = [];
  const missingColumns: Record<string, string[]> = {};
  for (const [table, columns] of Object.entries(expected)) {
    const present = new Set(rows.filter((r) => r.table_name === table).map((r) => r.column_name));
    if (present.size === 0) missingTables.push(table);
    else {
      const missing = columns.filter((c) => !present.has(c));
      if (missing.length > 0) missingColumns[table] = missing;
    }
  }
  return missingTables.length === 0 && Object.keys(missingColumns).length === 0
    ? undefined
    : { missingTables, missingColumns };
}

/**
 * ATHANOR_BOOKKEEPING_DAMAGED: says what is missing and how to get out (`stamp --purge`
 * recreates it). `heads` are the version table's rows when they could still be read.
 */
export function bookkeepingDamagedError(
  damage: BookkeepingDamage,
  heads: readonly string[] | undefined,
  cause: unknown,
): AthanorError {
  const parts = [
    ...damage.missingTables.map((t) => `the table ${t} is missing`),
    ...Object.entries(damage.missingColumns).map(
      ([t, columns]) => `${t} lacks the column${columns.length === 1 ? "" : "s"} ${columns.join(", ")}`,
    ),
  ];
  const repair = nextStep(
    heads !== undefined && heads.length > 0
      ? { kind: "stamp", revisions: heads.join(" "), purge: true }
      : { kind: "stamp", placeholder: "<revisions the database is at>", purge: true },
  );
  return new AthanorError(
    "ATHANOR_BOOKKEEPING_DAMAGED",
    `athanor's own tables were changed by hand: ${parts.join("; ")}. Nothing was run. Repair them with \`${repair}\`, which recreates what is missing (rows that were dropped stay lost) and records the database at those revisions.`,
    { ...damage, heads: heads ?? null, hint: repair },
    { cause },
  );
}

/**
 * The statements that make the tables complete again, for `stamp --purge`: a version table
 * without its column is recreated (purge empties it anyway), a missing history table is
 * created (or recreated, when it lost every column), missing history columns are added back as
 * nullable (old rows have no value).
 */
export function repairStatements(sql: BookkeepingSql, damage: BookkeepingDamage): string[] {
  const version = sql.location.name;
  const history = sql.historyName;
  const statements: string[] = [];
  // a table without a single column shows as missing; dropping it (if it exists) lets the
  // CREATE below make it whole
  const table = (name: string) => (name === version ? sql.versionTable : sql.historyTable);
  for (const name of damage.missingTables) statements.push(`DROP TABLE IF EXISTS ${table(name)}`);
  if (damage.missingColumns[version] !== undefined) statements.push(`DROP TABLE ${sql.versionTable}`);
  const lacking = damage.missingColumns[history] ?? [];
  for (const column of sql.historyColumns().filter((c) => lacking.includes(c.name))) {
    statements.push(
      `ALTER TABLE ${sql.historyTable} ADD COLUMN ${sql.quoteColumn(column.name)} ${column.type}`,
    );
  }
  // CREATE TABLE IF NOT EXISTS for both: creates exactly the tables that are now missing
  statements.push(...sql.createTables());
  return statements;
}
