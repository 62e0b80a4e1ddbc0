import type { Connection } from "@athanor/core";

/**
 * The SQLSTATEs a statement that commits by itself (a `transactional: false` revision's DDL, a
 * `CREATE INDEX CONCURRENTLY`) fails with when it runs a second time, by the statement's form:
 * what it creates exists already, or what it drops is gone. A PostgreSQL statement applies whole
 * or not at all, so such a failure of a statement the interrupted run may have sent means that
 * run applied it — except an index, which a killed `CONCURRENTLY` build leaves behind INVALID:
 * that one counts only when it is valid and on the statement's table.
 */
const REPEAT_ERRORS: readonly { readonly form: RegExp; readonly sqlstate: string }[] = [
  { form: /^CREATE\s+(?:UNLOGGED\s+)?TABLE\b/i, sqlstate: "42P07" }, // duplicate_table
  { form: /^DROP\s+TABLE\b/i, sqlstate: "42P01" }, // undefined_table
  { form: /^DROP\s+INDEX\b/i, sqlstate: "42704" }, // undefined_object
  {
    form: /^ALTER\s+TABLE\b[\s\S]*\bADD\s+(?:COLUMN\s+)?(?!CONSTRAINT\b|PRIMARY\b|UNIQUE\b|CHECK\b|FOREIGN\b)/i,
    sqlstate: "42701",
  }, // duplicate_column
  { form: /^ALTER\s+TABLE\b[\s\S]*\bDROP\s+(?:COLUMN\s+)?(?!CONSTRAINT\b)/i, sqlstate: "42703" }, // undefined_column
];

const NAME = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
/** `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] name ON [ONLY] [schema.]table`. */
const CREATE_INDEX = new RegExp(
  String.raw`^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})\s+ON\s+(?:ONLY\s+)?(?:(${NAME})\.)?(${NAME})`,
  "i",
);

/**
 * Dialect.appliedBefore for PostgreSQL: whether `error`, the failure of a statement a resumed run
 * repeated first (one that committed by itself before its progress record), shows the
 * interrupted run applied it. Anything else — another error, another form, an INVALID index —
 * is not, and the resume stops on it as before.
 *
 * @example
 * ```ts
 * await postgresAppliedBefore(conn, "ALTER TABLE accounts ADD COLUMN w integer", { code: "42701" }); // true
 * ```
 */
export async function postgresAppliedBefore(conn: Connection, sql: string, error: unknown): Promise<boolean> {
  const sqlstate = sqlstateOf(error);
  const statement = sql.trim();
  const index = CREATE_INDEX.exec(statement);
  if (index !== null) {
    if (sqlstate !== "42P07") return false;
    const schema = index[2] === undefined ? "" : `${index[2]}.`;
    const { rows } = await conn.query<{ valid: boolean }>(
      "SELECT i.indisvalid AND i.indrelid = to_regclass($2) AS valid FROM pg_index i WHERE i.indexrelid = to_regclass($1)",
      [`${schema}${index[1]}`, `${schema}${index[3]}`],
    );
    return rows[0]?.valid === true;
  }
  return REPEAT_ERRORS.some((r) => r.sqlstate === sqlstate && r.form.test(statement));
}

/** The SQLSTATE of a driver error, looked for through an error's causes. */
function sqlstateOf(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}
