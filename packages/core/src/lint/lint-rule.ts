import type { QualifiedName } from "../ops/definitions.js";
import type { Operation, OperationKind, OperationOf } from "../ops/operation.js";
import type { RevisionHeader } from "../revision/revision.js";

/** How bad a finding is: `error` fails `athanor lint` (exit 1); `warning` and `info` do not. */
export type LintSeverity = "error" | "warning" | "info";

/**
 * The database a lint run targets. `version` is `[major, minor, patch]` as far as known; when it
 * is absent, rules assume a current server (PostgreSQL 12+, MySQL 8.0.29+, MariaDB 10.11+).
 *
 * @example
 * ```ts
 * const target: LintDialectInfo = { name: "postgresql", version: [11] };
 * ```
 */
export interface LintDialectInfo {
  /** `postgresql`, `pglite`, `mysql`, `mariadb`. */
  readonly name: string;
  readonly version?: readonly number[] | undefined;
}

/** An `op.query(sql)` a revision ran while its operations were being recorded. */
export interface RecordedQuery {
  readonly sql: string;
  /** How many operations the revision had built before the call. */
  readonly afterOperation: number;
}

/** An `op.backfill(...)` a revision ran: batched, each batch in its own transaction. */
export interface RecordedBackfill {
  readonly table: QualifiedName;
  /** How many operations the revision had built before the call. */
  readonly afterOperation: number;
}

/**
 * One revision as lint sees it: its header (phase, `transactional`, `lint.ignore`) and the
 * operations its `upgrade(op)` built, in order.
 *
 * @example
 * ```ts
 * const revision: LintRevision = { header, operations: [operations.createIndex("ix", "users", ["email"])], queries: [] };
 * ```
 */
export interface LintRevision {
  readonly header: RevisionHeader;
  readonly file?: string | undefined;
  readonly operations: readonly Operation[];
  readonly queries: readonly RecordedQuery[];
  /** Batched backfills; the runner commits the revision's earlier statements before each. */
  readonly backfills?: readonly RecordedBackfill[] | undefined;
  /** Why recording stopped early (the upgrade function threw); the operations before it are linted. */
  readonly recordingFailure?: string | undefined;
  /** `file:line` of each unfilled `TODO(athanor)` placeholder in `upgrade(op)`. */
  readonly placeholders?: readonly string[] | undefined;
}

/**
 * Everything a rule may look at besides the operation itself. Plain data: rules are pure.
 *
 * @example
 * ```ts
 * const fresh = context.revision.operations.slice(0, context.index).some((o) => o.kind === "createTable");
 * ```
 */
export interface LintContext {
  readonly revision: LintRevision;
  /** The operation's index within `revision.operations`. */
  readonly index: number;
  readonly dialect: LintDialectInfo;
  /** Operations of the revisions linted before this one in the same run, oldest first. */
  readonly earlier: readonly Operation[];
}

/** What an operation does to the table and to code that is still running. */
export interface LintEffects {
  /** The strongest lock it holds, e.g. `ACCESS EXCLUSIVE`, `SHARE`, `exclusive metadata lock`. */
  readonly lock: string | null;
  readonly rewritesTable: boolean;
  readonly scansTable: boolean;
  /** Code deployed before the change fails against the new schema (rename, drop). */
  readonly breaksRunningCode: boolean;
}

/**
 * What a rule reports about one operation. Absent fields take the rule's defaults.
 *
 * @example
 * ```ts
 * const hit: LintHit = { message: 'CREATE INDEX "ix" blocks writes to "users" while it builds', table: { name: "users" } };
 * ```
 */
export interface LintHit extends Partial<LintEffects> {
  readonly message: string;
  readonly table?: QualifiedName | undefined;
  readonly severity?: LintSeverity | undefined;
  readonly safeRecipe?: string | undefined;
}

/**
 * A lint rule: data (id, severity, effects, recipe) plus a pure check of one operation in its
 * context. Ids are stable and namespaced by dialect (`pg/…`, `my/…`, `core/…`); a revision
 * silences one with `lint: { ignore: [{ rule, reason }] }`.
 *
 * @example
 * ```ts
 * const rule = defineLintRule({
 *   id: "pg/drop-index-not-concurrent", dialects: ["postgresql"], kinds: ["dropIndex"], severity: "warning",
 *   summary: "DROP INDEX without CONCURRENTLY", lock: "ACCESS EXCLUSIVE", rewritesTable: false,
 *   scansTable: false, breaksRunningCode: false, safeRecipe: "dropIndex(..., { concurrently: true })",
 *   check: (op) => (op.concurrently ? undefined : { message: `DROP INDEX "${op.name}" blocks reads and writes` }),
 * });
 * ```
 */
export interface LintRule<K extends OperationKind = OperationKind> extends LintEffects {
  readonly id: string;
  /** Dialect names the rule applies to; empty means every dialect. */
  readonly dialects: readonly string[];
  /** The operation kinds the engine hands to `check`. */
  readonly kinds: readonly K[];
  readonly severity: LintSeverity;
  /** One line for docs and `--json` consumers. */
  readonly summary: string;
  readonly safeRecipe: string;
  check(operation: OperationOf<K>, context: LintContext): LintHit | undefined;
}

/**
 * Types a rule over the operation kinds it inspects and returns it as a plain {@link LintRule}.
 *
 * @example
 * ```ts
 * export const rules: readonly LintRule[] = [defineLintRule({ ...data, kinds: ["renameColumn"], check: (op) => ... })];
 * ```
 */
export function defineLintRule<K extends OperationKind>(rule: LintRule<K>): LintRule {
  return Object.freeze(rule) as unknown as LintRule;
}
