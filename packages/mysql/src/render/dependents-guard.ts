import type { OperationOf } from "@athanor/core";
import { quoteLiteral, quoteQualified } from "../quote.js";
import type { MysqlRenderContext } from "./context.js";

/** Reads of the catalogue before the check gives up on tables locked by other sessions' DDL (0.1 s apart). */
const SKIPPED_TRIES = 100;

/** The session variable that lets the check pass (`upgrade --allow-broken-dependents` sets it). */
export const ALLOW_BROKEN_DEPENDENTS = "@athanor_allow_broken_dependents";

const escapeRegex = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const backticked = (name: string) => name.replaceAll("`", "``");
/**
 * The names as a trigger or routine body may spell them, bare or quoted (`` c`x `` as ``` `c``x` ```),
 * and not inside a longer name. `\b` needed a word character at a name's edge: `m✓` or `$m` matched nothing.
 */
const standalone = (names: readonly string[]) => {
  const spellings = new Set(names.flatMap((n) => [n, backticked(n)]));
  return quoteLiteral(`(?<![[:alnum:]_$])(${[...spellings].map(escapeRegex).join("|")})(?![[:alnum:]_$])`);
};
const nameList = (names: readonly string[]) =>
  names.length === 0 ? "''" : names.map((n) => quoteLiteral(n)).join(", ");

/**
 * The objects outside the models that the check of `op` refuses for, one row each (`kind`,
 * `name`; the check lists them as `kind name`): views whose stored definition reads the columns
 * (or, for a dropped table, the table), triggers and routines whose bodies name them (see
 * {@link renderRequireNoDependents}). A renamed column counts as dropped: a view, trigger or
 * routine keeps the old name in its text. Autogenerate runs it as is, to warn before the revision exists.
 *
 * @example
 * ```ts
 * await conn.query(mysqlDependentsQuery(operations.requireNoDependents("users", ["mail"])));
 * // [{ kind: "view", name: "app.mail_view" }]
 * ```
 */
export function mysqlDependentsQuery(op: OperationOf<"requireNoDependents">): string {
  const schema = op.table.schema === undefined ? "DATABASE()" : quoteLiteral(op.table.schema);
  const table = standalone([op.table.name]);
  // a view's stored definition quotes every name, inner backticks doubled: `db`.`users`.`mail`,
  // or an alias's `u`.`mail`
  const quotedTable = quoteLiteral(`\`${escapeRegex(backticked(op.table.name))}\``);
  const except = `TABLE_NAME NOT IN (${nameList(op.except?.views ?? [])})`;
  const syncTriggers = (op.except?.syncTriggers ?? []).flatMap((n) => [`${n}_ins`, `${n}_upd`]);
  const routines =
    "SELECT LOWER(ROUTINE_TYPE), CONCAT(ROUTINE_SCHEMA, '.', ROUTINE_NAME) FROM information_schema.ROUTINES";
  const views =
    "SELECT 'view' AS kind, CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) AS name FROM information_schema.VIEWS";
  const triggers =
    "SELECT 'trigger', CONCAT(TRIGGER_SCHEMA, '.', TRIGGER_NAME) FROM information_schema.TRIGGERS";
  if (op.columns === "table")
    // its own triggers go with it; views, other tables' triggers and routines naming it break
    return [
      views,
      `WHERE TABLE_SCHEMA = ${schema} AND VIEW_DEFINITION REGEXP ${quotedTable} AND ${except}`,
      "UNION ALL",
      triggers,
      `WHERE EVENT_OBJECT_SCHEMA = ${schema} AND EVENT_OBJECT_TABLE <> ${quoteLiteral(op.table.name)} AND ACTION_STATEMENT REGEXP ${table}`,
      "UNION ALL",
      routines,
      `WHERE ROUTINE_SCHEMA = ${schema} AND ROUTINE_DEFINITION REGEXP ${table}`,
    ].join("\n");
  const column = standalone(op.columns);
  const quotedColumn = quoteLiteral(`\`(${op.columns.map((c) => escapeRegex(backticked(c))).join("|")})\``);
  return [
    views,
    `WHERE TABLE_SCHEMA = ${schema} AND VIEW_DEFINITION REGEXP ${quotedTable} AND VIEW_DEFINITION REGEXP ${quotedColumn}`,
    `  AND ${except}`,
    "UNION ALL",
    // The table's own triggers, looked up by name: the server opens that one table (waiting for,
    // or on MariaDB warning 1684 about, another session's DDL holding it). Listed from the
    // database's folder instead, a table another session's ALTER is renaming into place is
    // missing for a moment, with no warning (tried on MariaDB 10.11). EVENT_OBJECT_SCHEMA (a
    // trigger's schema is its table's) is what the server looks triggers up by: filtered on
    // TRIGGER_SCHEMA it opens every table of every database on the server.
    triggers,
    `WHERE EVENT_OBJECT_SCHEMA = ${schema} AND EVENT_OBJECT_TABLE = ${quoteLiteral(op.table.name)}`,
    `  AND ACTION_STATEMENT REGEXP ${column} AND TRIGGER_NAME NOT IN (${nameList(syncTriggers)})`,
    "UNION ALL",
    // other tables' triggers naming the table and the column, from the folder's listing
    triggers,
    `WHERE EVENT_OBJECT_SCHEMA = ${schema} AND EVENT_OBJECT_TABLE <> ${quoteLiteral(op.table.name)}`,
    `  AND ACTION_STATEMENT REGEXP ${column} AND ACTION_STATEMENT REGEXP ${table}`,
    "UNION ALL",
    routines,
    `WHERE ROUTINE_SCHEMA = ${schema} AND ROUTINE_DEFINITION REGEXP ${column} AND ROUTINE_DEFINITION REGEXP ${table}`,
  ].join("\n");
}

/**
 * How many other sessions run a statement that may rename a table of the schema into place: an
 * ALTER TABLE (its copy or in-place rebuild ends with renames), RENAME TABLE (an online schema
 * change's swap), OPTIMIZE/REPAIR, CREATE OR REPLACE TABLE. Until the rename, MariaDB lists the
 * table from the database's folder, and for a moment it is listed under neither name: its
 * triggers go missing from the read, with no warning (ALTER ... ALGORITHM=COPY in a loop: 16 of
 * 468 reads missed another table's trigger). Seen in the process list: every session with the
 * PROCESS privilege, or the same user's only without it.
 */
export const renamesInFlight = (schema: string): string =>
  [
    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query'",
    // its own database, or one naming a table of it (`db.t`, `` `db`.t ``)
    `  AND (DB = ${schema} OR LOCATE(CONCAT(${schema}, '.'), INFO) > 0 OR LOCATE(CONCAT(${schema}, '\`.'), INFO) > 0)`,
    `  AND INFO REGEXP ${quoteLiteral("^[[:space:]]*(ALTER[[:space:]]+(ONLINE[[:space:]]+|IGNORE[[:space:]]+)*TABLE|RENAME[[:space:]]+TABLE|OPTIMIZE|REPAIR|CREATE[[:space:]]+OR[[:space:]]+REPLACE[[:space:]]+TABLE)[[:space:]]")}`,
  ].join("\n");

/**
 * `Dialect.dependentsUnsettledQuery` on MariaDB: {@link renamesInFlight} over `op`'s database (a
 * read of MySQL 8's transactional catalogue is never cut short; the count is asked anyway).
 *
 * @example
 * ```ts
 * const [row] = (await conn.query(mysqlDependentsUnsettledQuery(op))).rows; // { n: 0 }
 * ```
 */
export function mysqlDependentsUnsettledQuery(op: OperationOf<"requireNoDependents">): string {
  const schema = op.table.schema === undefined ? "DATABASE()" : quoteLiteral(op.table.schema);
  return `SELECT (${renamesInFlight(schema)}) AS n`;
}

/** The objects {@link mysqlDependentsQuery} finds, as one `kind schema.name; ...` text (`found`) or NULL. */
const foundQuery = (op: OperationOf<"requireNoDependents">) =>
  `SELECT GROUP_CONCAT(CONCAT(kind, ' ', name) ORDER BY CONCAT(kind, ' ', name) SEPARATOR '; ') AS found FROM (\n${mysqlDependentsQuery(op)}\n) AS dependents`;

/**
 * One statement that refuses while something outside the models names a column about to go (or
 * a table, see {@link mysqlDependentsQuery}):
 * a view whose stored definition reads it, a trigger of the table (or one naming the table)
 * whose body names it, a procedure or function naming the table and the column (word matches:
 * it may name an object that only mentions them). MySQL and MariaDB track none of these, and a
 * view left reading a dropped column fails every later read (ERROR 1356). The objects are
 * listed as `[kind name; ...]` (the runner reads that list into the error's meta). MariaDB gets
 * a compound statement that SIGNALs. MySQL runs no compound statement outside a stored program:
 * it sets `time_zone` to the list, an error that quotes it (cut at 64 characters), or to itself
 * when nothing is found.
 *
 * @example
 * ```ts
 * renderRequireNoDependents(operations.requireNoDependents("users", ["mail"]), ctx);
 * // ["BEGIN NOT ATOMIC ... SIGNAL SQLSTATE '45000' ... END"]
 * ```
 */
export function renderRequireNoDependents(
  op: OperationOf<"requireNoDependents">,
  ctx: MysqlRenderContext,
): string[] {
  const label = quoteLiteral(
    op.columns === "table"
      ? `the table ${quoteQualified(op.table)}`
      : `${op.columns.join(", ")} of ${quoteQualified(op.table)}`,
  );
  const message = (found: string) =>
    `CONCAT('Objects outside the models still name ', ${label}, ', which this revision drops or renames: [', ${found}, ']. They would break silently. Change or drop them first (or recreate them after), or run with --allow-broken-dependents (SET ${ALLOW_BROKEN_DEPENDENTS} = 1) to go ahead anyway')`;
  const query = foundQuery(op);
  const schema = op.table.schema === undefined ? "DATABASE()" : quoteLiteral(op.table.schema);
  if (ctx.server.flavor !== "mariadb")
    return [
      `SET SESSION time_zone = (SELECT IF(${ALLOW_BROKEN_DEPENDENTS} IS NOT NULL OR found IS NULL, @@session.time_zone, CONCAT('[', found, ']')) FROM (${query}) AS checked)`,
    ];
  return [
    [
      "BEGIN NOT ATOMIC",
      // utf8mb4 whatever the database's default: names are Unicode, and a latin1 variable
      // turned the refusal into ER 1366 (Incorrect string value) on a name such as v✓
      "  DECLARE found TEXT CHARACTER SET utf8mb4;",
      "  DECLARE message TEXT CHARACTER SET utf8mb4;",
      "  DECLARE skipped INT DEFAULT 1;",
      "  DECLARE tries INT DEFAULT 0;",
      // ER_WARN_I_S_SKIPPED_TABLE: a table's definition was locked by DDL of another session,
      // so the read left its triggers out; read again (for up to 10 s), never pass on a partial read
      "  DECLARE CONTINUE HANDLER FOR 1684 SET skipped = 1;",
      `  IF ${ALLOW_BROKEN_DEPENDENTS} IS NULL THEN`,
      `    WHILE skipped = 1 AND tries < ${SKIPPED_TRIES} DO`,
      "      SET skipped = 0, tries = tries + 1, found = NULL;",
      // a table renamed into place while the read lists the folder is missed without a warning:
      // a read with such a statement running before or after it is read again
      `      SET skipped = (${renamesInFlight(schema)}) > 0;`,
      `      SET found = (${query});`,
      `      IF (${renamesInFlight(schema)}) > 0 THEN SET skipped = 1; END IF;`,
      "      IF skipped = 1 THEN DO SLEEP(0.1); END IF;",
      "    END WHILE;",
      "    IF skipped = 1 THEN",
      "      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'The check for objects outside the models that name the columns this revision drops or renames could not read the catalogue: DDL of another session kept a table locked, or kept altering or renaming tables of the database, for 10 s. Nothing of the revision was applied; run it again once that DDL is done.';",
      "    END IF;",
      "    IF found IS NOT NULL THEN",
      // SIGNAL refuses a MESSAGE_TEXT over 512 characters: a long list is cut, not lost with the error
      `      SET message = LEFT(${message("found")}, 512);`,
      "      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = message;",
      "    END IF;",
      "  END IF;",
      "END",
    ].join("\n"),
  ];
}
