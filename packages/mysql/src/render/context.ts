import type { QualifiedName } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { quoteQualified } from "../quote.js";
import { describeServer, flavorLabel, type MysqlServer } from "../server.js";

/** `ALGORITHM=` of an online ALTER: the server refuses the statement rather than fall back to a slower one. */
export type AlterAlgorithm = "DEFAULT" | "INSTANT" | "INPLACE" | "COPY";
/** `LOCK=` of an online ALTER: the most concurrency the statement must allow. */
export type AlterLock = "DEFAULT" | "NONE" | "SHARED" | "EXCLUSIVE";

/**
 * What a rendering depends on besides the operation: the target server and the online-DDL
 * clauses to append to every `ALTER TABLE`, `CREATE INDEX` and `DROP INDEX`.
 *
 * @example
 * ```ts
 * const ctx: MysqlRenderContext = { server: { flavor: "mariadb", version: [10, 11, 6] }, algorithm: "INSTANT" };
 * ```
 */
export interface MysqlRenderContext {
  readonly server: MysqlServer;
  /**
   * True when `server` is only the offline default for a `mysql://` URL, not a detected or
   * configured server: a refusal then names both ways out, since the server may be MariaDB.
   */
  readonly serverAssumed?: boolean | undefined;
  readonly algorithm?: AlterAlgorithm | undefined;
  readonly lock?: AlterLock | undefined;
}

/**
 * The way out of a refusal that only the assumed server makes (offline, a `mysql://` URL renders
 * for the oldest supported MySQL): name the real server, MySQL from `since` on, or MariaDB.
 *
 * @example
 * ```ts
 * throw unsupported(ctx, kind, "enforced CHECK constraints before 8.0.16", assumedServerAdvice("8.0.16"));
 * ```
 */
export function assumedServerAdvice(since: string): string {
  return `Offline, a mysql:// URL assumes this oldest supported MySQL, since athanor cannot ask the server: if the server is MariaDB, use a mariadb:// URL; if it is MySQL ${since} or later, name its version in the config (\`mysql: { serverVersion: "8.0.36" }\`, or mysqlDialect({ server }) in code) or run the upgrade connected (the server's version is read)`;
}

/**
 * How a refusal's advice names the server: its flavour when detected or configured (`MariaDB`),
 * `MySQL/MariaDB` when only the dialect is known (offline, a `mysql://` URL).
 *
 * @example
 * ```ts
 * serverName({ server: { flavor: "mariadb", version: [10, 11, 6] } }); // "MariaDB"
 * ```
 */
export function serverName(ctx: MysqlRenderContext): string {
  return ctx.serverAssumed === true ? "MySQL/MariaDB" : flavorLabel(ctx.server.flavor);
}

/**
 * The coded error for something the target server cannot do; `instead` says what to write.
 *
 * @example
 * ```ts
 * throw unsupported(ctx, "createIndex", "partial indexes (WHERE)", "index every row, or use a generated column");
 * ```
 */
export function unsupported(
  ctx: MysqlRenderContext,
  kind: string,
  what: string,
  instead: string,
): AthanorError {
  return new AthanorError(
    "ATHANOR_UNSUPPORTED",
    `${describeServer(ctx.server)} has no ${what}, so the ${kind} operation cannot be rendered faithfully. ${instead}.`,
    { kind, what, dialect: ctx.server.flavor, serverVersion: ctx.server.version.join(".") },
  );
}

/** `, ALGORITHM=..., LOCK=...` for the statements that accept them; empty when not requested. */
export function onlineClauses(ctx: MysqlRenderContext): string {
  return `${ctx.algorithm === undefined ? "" : `, ALGORITHM=${ctx.algorithm}`}${ctx.lock === undefined ? "" : `, LOCK=${ctx.lock}`}`;
}

/**
 * One `ALTER TABLE` with comma-separated actions and the online-DDL clauses.
 *
 * @example
 * ```ts
 * alterTable({ name: "users" }, ["DROP COLUMN `age`"], ctx); // ALTER TABLE `users` DROP COLUMN `age`
 * ```
 */
export function alterTable(
  table: QualifiedName,
  actions: readonly string[],
  ctx: MysqlRenderContext,
): string {
  return `ALTER TABLE ${quoteQualified(table)} ${actions.join(", ")}${onlineClauses(ctx)}`;
}
