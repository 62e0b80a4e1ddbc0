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

/** A statement that may rename a table of the schema into place (see {@link renamesInFlight}). */
const RENAMING_DDL = quoteLiteral(
  "^[[:space:]]*(ALTER[[:space:]]+(ONLINE[[:space:]]+|IGNORE[[:space:]]+)*TABLE|RENAME[[:space:]]+TABLE|OPTIMIZE|REPAIR|CREATE[[:space:]]+OR[[:space:]]+REPLACE[[:space:]]+TABLE)[[:space:]]",
);
/** A name as the parse takes it: bare, or backticked with no backtick inside (anything else is unsure). */
const NAME = "(`[^`]+`|[[:alnum:]_$]+)";
/**
 * `ALTER TABLE [db.]t …` of exactly one table, parsed: group 1 the database (or empty), group 2 the
 * table. What does not match (a comment before it, a name with a doubled backtick, RENAME TABLE,
 * OPTIMIZE, REPAIR, CREATE OR REPLACE) stays unsure: the read waits for it as before.
 */
const ONE_TABLE_ALTER = quoteLiteral(
  `(?i)^[[:space:]]*ALTER[[:space:]]+(?:(?:ONLINE|IGNORE)[[:space:]]+)*TABLE[[:space:]]+(?:${NAME}[.])?${NAME}(?:[[:space:]][\\s\\S]*)?$`,
);
const unquoted = (name: string) =>
  `IF(LEFT(${name}, 1) = '\`', SUBSTRING(${name}, 2, CHAR_LENGTH(${name}) - 2), ${name})`;
const parsedPart = (group: 1 | 2) => unquoted(`REGEXP_REPLACE(INFO, ${ONE_TABLE_ALTER}, '\\\\${group}')`);

/**
 * Other sessions' statements that may rename a table of the schema into place: an ALTER TABLE
 * (its copy or in-place rebuild ends with renames), RENAME TABLE (an online schema change's
 * swap), OPTIMIZE/REPAIR, CREATE OR REPLACE TABLE. Until the rename, MariaDB lists the table
 * from the database's folder, and for a moment it is listed under neither name: its triggers go
 * missing from the read, with no warning (ALTER ... ALGORITHM=COPY in a loop: 16 of 468 reads
 * missed another table's trigger). One row each, `target`: the table of a one-table ALTER TABLE
 * (an ALTER that renames, `RENAME TO`, is not one: it moves the table to another name), NULL when
 * the statement is anything else or its name is unsure. An ALTER qualified with another database
 * is left out. Seen in the process list: every session with the PROCESS privilege, or the same
 * user's only without it.
 */
export const renamingDdlTargets = (schema: string): string =>
  [
    `SELECT IF(parsed, ${parsedPart(2)}, NULL) AS target FROM (`,
    `  SELECT INFO, DB, INFO REGEXP ${ONE_TABLE_ALTER} AND NOT INFO REGEXP '(?i)[[:<:]]RENAME[[:>:]]' AS parsed`,
    "  FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query'",
    `  AND INFO REGEXP ${RENAMING_DDL}`,
    ") AS ddl",
    // its own database, or one naming a table of it (`db.t`, `` `db`.t ``); parsed: the database it names
    `WHERE IF(parsed AND ${parsedPart(1)} <> '', ${parsedPart(1)} = ${schema}, DB = ${schema} OR (NOT parsed AND (LOCATE(CONCAT(${schema}, '.'), INFO) > 0 OR LOCATE(CONCAT(${schema}, '\`.'), INFO) > 0)))`,
  ].join("\n");

/**
 * How many other sessions run a statement that may rename a table of the schema into place,
 * whatever table it names (MySQL 8, whose catalogue is transactional, is asked this count; the
 * MariaDB check asks {@link unsettledBlock}, which waits only for the tables it reads).
 */
export const renamesInFlight = (schema: string): string =>
  `SELECT COUNT(*) FROM (${renamingDdlTargets(schema)}) AS running`;

/**
 * A block of a MariaDB compound statement that sets `flag` to 1 when another session's DDL may
 * cut the check's read of `op` short: a DDL whose table is unsure, `op`'s table itself, or a table
 * with a trigger whose body names `op`'s table (the read lists other tables' triggers from the
 * folder). That last is asked of the table by name, which is never cut short: the server waits
 * for the table or warns 1684 (the caller's handler for 1684 counts that as unsettled too). A DDL
 * on a table none of whose triggers name `op`'s table is let run. Uses the session variable
 * `@athanor_dependents_hits`.
 */
export function unsettledBlock(op: OperationOf<"requireNoDependents">, flag: string): string {
  const schema = op.table.schema === undefined ? "DATABASE()" : quoteLiteral(op.table.schema);
  const table = quoteLiteral(op.table.name);
  return [
    "BEGIN",
    "  DECLARE done INT DEFAULT 0;",
    "  DECLARE target VARCHAR(192) CHARACTER SET utf8mb4;",
    `  DECLARE ddl CURSOR FOR ${renamingDdlTargets(schema)};`,
    "  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;",
    "  OPEN ddl;",
    "  targets: LOOP",
    "    FETCH ddl INTO target;",
    "    IF done = 1 THEN LEAVE targets; END IF;",
    // names compare without case: waiting once too often is the safe side
    `    IF target IS NULL OR LOWER(target) = LOWER(${table}) THEN SET ${flag} = 1; LEAVE targets; END IF;`,
    "    EXECUTE IMMEDIATE CONCAT('SELECT COUNT(*) INTO @athanor_dependents_hits FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ',",
    `      QUOTE(${schema}), ' AND EVENT_OBJECT_TABLE = ', QUOTE(target), ' AND ACTION_STATEMENT REGEXP ', QUOTE(${standalone([op.table.name])}));`,
    `    IF @athanor_dependents_hits > 0 THEN SET ${flag} = 1; LEAVE targets; END IF;`,
    "  END LOOP;",
    "  CLOSE ddl;",
    "END;",
  ].join("\n");
}

/** Whether the session sees other users' statements in the process list (the PROCESS privilege). */
export const SEES_ALL_SESSIONS =
  "EXISTS (SELECT 1 FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE = 'PROCESS')";

/** What the read cannot see without the PROCESS privilege (autogenerate warns with it). */
export const WITHOUT_PROCESS_PRIVILEGE =
  "this user lacks the PROCESS privilege, so the process list shows only its own sessions: an ALTER or RENAME TABLE of another user that renames a table into place while the catalogue is read can hide that table's triggers without a warning";

/**
 * `Dialect.dependentsUnsettledQuery`: on MariaDB a compound statement running
 * {@link unsettledBlock} into `@athanor_dependents_unsettled`, then the SELECT of it (`n`) and,
 * without the PROCESS privilege, what that leaves unseen (`warning`). On MySQL 8 (a transactional
 * catalogue, never cut short; no compound statements outside stored programs) the plain count.
 *
 * @example
 * ```ts
 * const statements = mysqlDependentsUnsettledQuery(op, "mariadb");
 * for (const sql of statements) rows = (await conn.query(sql)).rows; // [{ n: 0, warning: null }]
 * ```
 */
export function mysqlDependentsUnsettledQuery(
  op: OperationOf<"requireNoDependents">,
  flavor: "mysql" | "mariadb",
): readonly string[] {
  const schema = op.table.schema === undefined ? "DATABASE()" : quoteLiteral(op.table.schema);
  if (flavor !== "mariadb") return [`SELECT (${renamesInFlight(schema)}) AS n`];
  return [
    [
      "BEGIN NOT ATOMIC",
      "  DECLARE unsettled INT DEFAULT 0;",
      "  DECLARE CONTINUE HANDLER FOR 1684 SET unsettled = 1;",
      unsettledBlock(op, "unsettled"),
      "  SET @athanor_dependents_unsettled = unsettled;",
      "END",
    ].join("\n"),
    `SELECT @athanor_dependents_unsettled AS n, IF(${SEES_ALL_SESSIONS}, NULL, ${quoteLiteral(WITHOUT_PROCESS_PRIVILEGE)}) AS warning`,
  ];
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
      // a read with such a statement on a table it reads running before, between or after is read again
      unsettledBlock(op, "skipped"),
      `      SET found = (${query});`,
      unsettledBlock(op, "skipped"),
      // an ALTER that starts after one look and ends before the next is seen by neither: read
      // again, and two reads that differ are unsettled (a miss must now repeat in both reads)
      `      IF NOT (found <=> (${query})) THEN SET skipped = 1; END IF;`,
      unsettledBlock(op, "skipped"),
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
