import type { Connection } from "@athanor/core";

/**
 * The errors a DDL statement fails with when it runs a second time, by the statement's form:
 * its object already exists (CREATE, ADD) or is already gone (DROP). MySQL and MariaDB run each
 * ALTER TABLE as a whole or not at all, so such an error on a statement the interrupted run may
 * have sent means that run applied it.
 */
const REPEAT_ERRORS: readonly { readonly form: RegExp; readonly errno: number }[] = [
  { form: /^CREATE\s+(?:DEFINER\s*=\s*\S+\s+)?TRIGGER\b/i, errno: 1359 }, // ER_TRG_ALREADY_EXISTS
  { form: /^DROP\s+TRIGGER\b/i, errno: 1360 }, // ER_TRG_DOES_NOT_EXIST
  { form: /^CREATE\s+TABLE\b/i, errno: 1050 }, // ER_TABLE_EXISTS_ERROR
  { form: /^DROP\s+TABLE\b/i, errno: 1051 }, // ER_BAD_TABLE_ERROR
  { form: /^CREATE\s+(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\b/i, errno: 1061 }, // ER_DUP_KEYNAME
  { form: /^DROP\s+INDEX\b/i, errno: 1091 }, // ER_CANT_DROP_FIELD_OR_KEY
  { form: /^ALTER\s+TABLE\b[\s\S]*\bADD\s+(?:COLUMN\s+)?`/i, errno: 1060 }, // ER_DUP_FIELDNAME
  { form: /^ALTER\s+TABLE\b[\s\S]*\bADD\s+(?:UNIQUE\s+|CONSTRAINT\s+|INDEX\s+|KEY\s+)/i, errno: 1061 },
  { form: /^ALTER\s+TABLE\b[\s\S]*\bDROP\s+(?:COLUMN\s+|INDEX\s+|KEY\s+)?`/i, errno: 1091 },
];

/** `ALTER TABLE `t` RENAME COLUMN `a` TO `b`` alone: a repeat fails on the old name (1054). */
const RENAME_COLUMN =
  /^ALTER\s+TABLE\s+`((?:[^`]|``)+)`\s+RENAME\s+COLUMN\s+`((?:[^`]|``)+)`\s+TO\s+`((?:[^`]|``)+)`\s*$/i;

/**
 * Dialect.appliedBefore for MySQL and MariaDB: whether `error`, the failure of a DDL statement a
 * resumed run repeated, shows the interrupted run applied it — the object it creates exists
 * already, the one it drops is gone, or (a column rename) the old name is gone and the new one
 * is there. Anything else (another error, a compound statement, DML) is not: the resume stops.
 *
 * @example
 * ```ts
 * await mysqlAppliedBefore(conn, "DROP TRIGGER `t_sync`", { errno: 1360 }); // true
 * await mysqlAppliedBefore(conn, "DROP TRIGGER `t_sync`", { errno: 1205 }); // false
 * ```
 */
export async function mysqlAppliedBefore(conn: Connection, sql: string, error: unknown): Promise<boolean> {
  const errno = errnoOf(error);
  const statement = sql.trim();
  const rename = RENAME_COLUMN.exec(statement);
  if (rename !== null) {
    if (errno !== 1054) return false; // ER_BAD_FIELD_ERROR: the old name is gone
    const unquote = (name: string | undefined) => (name ?? "").replaceAll("``", "`");
    const { rows } = await conn.query<{ name: string }>(
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME IN (?, ?)",
      [unquote(rename[1]), unquote(rename[2]), unquote(rename[3])],
    );
    const names = rows.map((r) => r.name.toLowerCase());
    return names.length === 1 && names[0] === unquote(rename[3]).toLowerCase();
  }
  return REPEAT_ERRORS.some((r) => r.errno === errno && r.form.test(statement));
}

function errnoOf(error: unknown): number | undefined {
  for (
    let e = error as { errno?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.errno === "number") return e.errno;
    e = e.cause as typeof e;
  }
  return undefined;
}
