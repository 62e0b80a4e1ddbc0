import type { QualifiedName } from "../ops/definitions.js";
import type { Operation } from "../ops/operation.js";
import type { LintContext, LintDialectInfo } from "./lint-rule.js";

export { tableLabel } from "../ops/table-label.js";

/**
 * Whether two names denote the same table. An unqualified name matches any schema, because
 * revisions often leave the default schema implicit.
 *
 * @example
 * ```ts
 * sameTable({ name: "users" }, { schema: "public", name: "users" }); // true
 * ```
 */
export function sameTable(a: QualifiedName, b: QualifiedName): boolean {
  return a.name === b.name && (a.schema === undefined || b.schema === undefined || a.schema === b.schema);
}

/**
 * True when the revision itself created `table` before the operation at `context.index`: the
 * table is empty and unseen by running code, so lock, scan and compatibility concerns vanish.
 *
 * @example
 * ```ts
 * if (createdInThisRevision(context, op.table)) return undefined;
 * ```
 */
export function createdInThisRevision(context: LintContext, table: QualifiedName): boolean {
  const before = context.revision.operations.slice(0, context.index);
  return before.some(
    (o) =>
      (o.kind === "createTable" && sameTable(o.table, table)) ||
      (o.kind === "execute" && sameRawTable(rawCreatedTable(o.sql), table)) ||
      (o.kind === "renameTable" && o.to === table.name && createdBefore(before, o.table)),
  );
}

function createdBefore(operations: readonly Operation[], table: QualifiedName): boolean {
  return operations.some((o) => o.kind === "createTable" && sameTable(o.table, table));
}

const RAW_CREATE_TABLE =
  /^create\s+(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?table\s+(?:if\s+not\s+exists\s+)?((?:"[^"]+"|`[^`]+`|[\w$]+)(?:\.(?:"[^"]+"|`[^`]+`|[\w$]+))?)/i;

function sameRawTable(created: QualifiedName | undefined, table: QualifiedName): boolean {
  return created !== undefined && sameTable(created, table);
}

/** The table a raw `CREATE TABLE` creates (imported drizzle-kit SQL), else undefined. */
function rawCreatedTable(sql: string): QualifiedName | undefined {
  const match = RAW_CREATE_TABLE.exec(stripLeadingComments(sql));
  if (match === null) return undefined;
  const parts = (match[1] ?? "").split(".").map((p) => p.replace(/^["`]|["`]$/g, ""));
  return parts.length === 2 ? { schema: parts[0], name: parts[1] ?? "" } : { name: parts[0] ?? "" };
}

/**
 * Whether the target server is at least `want` (`[major, minor, patch]`, missing parts 0). An
 * unknown version counts as current, so version-specific findings need an explicit old version.
 *
 * @example
 * ```ts
 * versionAtLeast({ name: "postgresql", version: [11, 5] }, 12); // false
 * versionAtLeast({ name: "postgresql" }, 12); // true
 * ```
 */
export function versionAtLeast(dialect: LintDialectInfo, ...want: readonly number[]): boolean {
  if (dialect.version === undefined || dialect.version.length === 0) return true;
  for (let i = 0; i < Math.max(want.length, 3); i++) {
    const have = dialect.version[i] ?? 0;
    const need = want[i] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}

/** What a raw SQL statement does, as far as its first keyword tells. */
export type SqlStatementClass = "ddl" | "dml" | "other";

const DDL = /^(create|alter|drop|comment|rename|truncate|reindex|cluster|vacuum|grant|revoke)\b/i;
const DML = /^(update|insert|delete|merge|copy|replace|with)\b/i;

/**
 * Classifies raw SQL by its first keyword after comments: `ddl` (CREATE, ALTER, DROP, …),
 * `dml` (UPDATE, INSERT, DELETE, …) or `other` (SELECT, SET, DO blocks, …).
 *
 * @example
 * ```ts
 * classifySql("-- backfill\nUPDATE users SET tz = 'UTC'"); // "dml"
 * ```
 */
export function classifySql(sql: string): SqlStatementClass {
  const text = stripLeadingComments(sql);
  if (DDL.test(text)) return "ddl";
  if (DML.test(text)) return "dml";
  return "other";
}

function stripLeadingComments(sql: string): string {
  let text = sql.trimStart();
  while (text.startsWith("--") || text.startsWith("/*")) {
    const end = text.startsWith("--") ? text.indexOf("\n") : text.indexOf("*/") + 1;
    text = end <= 0 ? "" : text.slice(end + 1).trimStart();
  }
  return text;
}

/**
 * Whether an operation changes the schema (everything except data operations and non-DDL raw SQL).
 *
 * @example
 * ```ts
 * isSchemaChange({ kind: "execute", sql: "UPDATE t SET a = 1" }); // false
 * ```
 */
export function isSchemaChange(op: Operation): boolean {
  // a read of the catalogue that changes nothing
  if (op.kind === "bulkInsert" || op.kind === "requireNoDependents" || op.kind === "requireValuesFit")
    return false;
  if (op.kind === "execute") return classifySql(op.sql) === "ddl";
  return true;
}

/**
 * Whether an operation writes rows (bulk inserts and raw UPDATE/INSERT/DELETE).
 *
 * @example
 * ```ts
 * isDataChange({ kind: "bulkInsert", table: { name: "t" }, rows: [] }); // true
 * ```
 */
export function isDataChange(op: Operation): boolean {
  return op.kind === "bulkInsert" || (op.kind === "execute" && classifySql(op.sql) === "dml");
}
