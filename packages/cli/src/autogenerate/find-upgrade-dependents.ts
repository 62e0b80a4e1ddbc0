import type { UpgradeCheck } from "@athanor/autogenerate";
import { type Connection, operations, type RequireNoDependents, tableLabel } from "@athanor/core";
import type { Dialect } from "@athanor/core/dialect";

// `upgrade` refuses a revision whose `op.requireNoDependents` check finds objects outside the
// models naming what it removes. Autogenerate asks the same question of the database it compared
// (the dialect's own query, the one the check reads), so the author learns it with the file.

/** An object outside the models that a written revision's upgrade check will refuse for. */
export interface UpgradeDependent {
  /** `view`, `trigger`, `function`, `procedure`, `rule`, `materialized view`. */
  readonly kind: string;
  /** As the check's refusal names it (`public.v`, `users_trim on users (function users_trim())`). */
  readonly name: string;
  /** The table the check is about (`schema.name` or `name`), as the database names it now. */
  readonly table: string;
  /** The column it names; undefined: the revision drops the table. */
  readonly column: string | undefined;
  readonly change: "dropped" | "renamed";
  /**
   * The table's name in the revision's check when an earlier revision of the chain renames it
   * (the check then finds the object only if it follows the rename, as a PostgreSQL view does;
   * one that does not breaks at the rename instead). Undefined: the table keeps its name.
   */
  readonly renamedTo: string | undefined;
  /** Which written revision's upgrade refuses (its place in the order they are written). */
  readonly revision: number;
}

/** A check that could not be asked ahead (the query failed): `upgrade` still runs it. */
export interface UncheckedDependents {
  readonly table: string;
  readonly column: string | undefined;
  readonly revision: number;
  readonly error: string;
}

export interface UpgradeDependents {
  readonly found: readonly UpgradeDependent[];
  readonly unchecked: readonly UncheckedDependents[];
  /** What the reads could not see (MariaDB without PROCESS: other users' DDL), once each; absent when none. */
  readonly warnings?: readonly string[] | undefined;
}

/** One check per column, so each object found is tied to the column it names. */
function perColumn(check: RequireNoDependents): { check: RequireNoDependents; column: string | undefined }[] {
  if (check.columns === "table") return [{ check, column: undefined }];
  return check.columns.map((column) => ({
    column,
    check: operations.requireNoDependents(
      check.table,
      [(check.renamed ?? []).includes(column) ? { renamed: column } : column],
      check.except,
    ),
  }));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs the dialect's dependents query for each check of each revision (`checks[i]`: the
 * upgrade checks of the i-th revision written), as the database stands now (`live`), on a
 * session of its own. An object is reported
 * once, under the first revision whose check names it (a later contract's guard repeats an
 * earlier one's columns, and the earlier one refuses first). Nothing to ask (no checks, or a
 * dialect without a check, SQLite): nothing found, no session opened.
 *
 * @example
 * ```ts
 * const { found } = await findUpgradeDependents(dialect, generated.upgradeChecks);
 * // [{ kind: "view", name: "users_mail", table: "users", column: "mail", change: "dropped", revision: 0 }]
 * ```
 */
export async function findUpgradeDependents(
  dialect: Dialect,
  checks: readonly (readonly UpgradeCheck[])[],
): Promise<UpgradeDependents> {
  const asks = checks.flatMap((list, revision) =>
    list.flatMap((c) => {
      const written = tableLabel(c.check.table);
      const table = tableLabel(c.live.table);
      const renamedTo = written === table ? undefined : written;
      return perColumn(c.live).map((ask) => ({ ...ask, revision, table, renamedTo }));
    }),
  );
  const query = dialect.dependentsQuery?.bind(dialect);
  if (query === undefined || asks.length === 0) return { found: [], unchecked: [] };
  const found = new Map<string, UpgradeDependent>();
  const unchecked: UncheckedDependents[] = [];
  const warnings = new Set<string>();
  let conn: Connection;
  try {
    conn = await dialect.connect();
  } catch (error) {
    const e = messageOf(error);
    return { found: [], unchecked: asks.map((a) => ({ ...pick(a), error: e })) };
  }
  try {
    for (const ask of asks) {
      let rows: readonly Record<string, unknown>[];
      try {
        rows = await settledRead(conn, dialect, ask.check, query(ask.check), warnings);
      } catch (error) {
        unchecked.push({ ...pick(ask), error: messageOf(error) });
        continue;
      }
      const change = ask.column !== undefined && ask.check.renamed !== undefined ? "renamed" : "dropped";
      // in the check's own order (`kind name`), whatever order the server's UNION gave
      const objects = rows
        .map((row) => ({ kind: String(row.kind), name: String(row.name) }))
        .sort((a, b) => compare(`${a.kind} ${a.name}`, `${b.kind} ${b.name}`));
      for (const object of objects) {
        const key = JSON.stringify([object.kind, object.name, ask.table, ask.column]);
        if (!found.has(key)) found.set(key, { ...object, ...pick(ask), change, renamedTo: ask.renamedTo });
      }
    }
  } finally {
    await conn.close();
  }
  return { found: [...found.values()], unchecked, ...(warnings.size > 0 ? { warnings: [...warnings] } : {}) };
}

/** Reads of the catalogue before giving up on another session's DDL (0.1 s apart), as the check does. */
const UNSETTLED_TRIES = 100;

/**
 * The dependents query's rows, read again while the dialect says another session's DDL may
 * have cut the read short (`Dialect.dependentsUnsettledQuery`, asked before, between and after
 * two reads); after 10 s of that, a failure (the check is then reported unchecked; `upgrade`
 * still runs it). Two reads, as the check itself makes them: a DDL that starts after one look
 * and ends before the next is seen by no look, so two reads that differ are unsettled too (a
 * miss must then repeat in both).
 */
async function settledRead(
  conn: Connection,
  dialect: Dialect,
  check: RequireNoDependents,
  sql: string,
  warnings: Set<string>,
): Promise<readonly Record<string, unknown>[]> {
  const unsettled = dialect.dependentsUnsettledQuery?.(check);
  if (unsettled === undefined) return (await conn.query(sql)).rows;
  const statements = typeof unsettled === "string" ? [unsettled] : unsettled;
  const busy = async () => {
    let rows: readonly Record<string, unknown>[] = [];
    for (const statement of statements) rows = (await conn.query(statement)).rows;
    const row = rows[0] ?? {};
    if (typeof row.warning === "string") warnings.add(row.warning);
    return Number(row.n ?? Object.values(row)[0] ?? 0) > 0;
  };
  for (let tries = 0; tries < UNSETTLED_TRIES; tries++) {
    if (!(await busy())) {
      const { rows } = await conn.query(sql);
      if (!(await busy())) {
        const again = (await conn.query(sql)).rows;
        if (!(await busy()) && sameRows(again, rows)) return rows;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    "another session kept altering or renaming tables the read reads for 10 s, so the catalogue could not be read whole",
  );
}

/** Whether two reads hold the same rows, in whatever order the server's UNION gave them. */
function sameRows(a: readonly Record<string, unknown>[], b: readonly Record<string, unknown>[]): boolean {
  const text = (rows: readonly Record<string, unknown>[]) =>
    rows
      .map((row) => JSON.stringify(row, (_, v) => (typeof v === "bigint" ? String(v) : v)))
      .sort()
      .join("\n");
  return a.length === b.length && text(a) === text(b);
}

const pick = (a: { table: string; column: string | undefined; revision: number }) => ({
  table: a.table,
  column: a.column,
  revision: a.revision,
});
