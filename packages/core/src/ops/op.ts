import type { BackfillSummary } from "../backfill/backfill-progress.js";
import { type BackfillSpec, type NormalizedBackfill, normalizeBackfill } from "../backfill/backfill-spec.js";
import { AthanorError } from "../errors.js";
import type { LockRetryInput } from "./lock-retry-settings.js";
import type { Operation } from "./operation.js";
import type { OperationFactories } from "./operations.js";
import { operations } from "./operations.js";

/**
 * Where the `op` builder sends its work. The runner implements it online (collects operations,
 * flushes them before a query, runs queries on the revision's connection); offline `--sql`
 * mode collects operations and rejects `query`.
 *
 * @example
 * ```ts
 * const emitted: Operation[] = [];
 * const op = createOp({ dialect: "postgresql", emit: (o) => emitted.push(o), query: async () => [] });
 * ```
 */
export interface OpSink {
  /** The dialect's name (`postgresql`, `pglite`, `mysql`, `mariadb`). */
  readonly dialect: string;
  /** Called synchronously, once per builder call, in call order. */
  emit(operation: Operation): void;
  /** Runs a query after pending operations have been applied; offline sinks throw. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<readonly Row[]>;
  /** Runs a batched backfill after pending operations (online) or renders it (offline, resolves undefined). Sinks without it reject `op.backfill`. */
  backfill?(spec: NormalizedBackfill): Promise<BackfillSummary | undefined>;
  /** Per-revision lock-timeout settings (`op.lockRetry`); sinks without it ignore them. */
  lockRetry?(options: LockRetryInput): void;
}

type Builders = {
  readonly [K in keyof OperationFactories]: (...args: Parameters<OperationFactories[K]>) => void;
};

/**
 * The `op` object handed to a revision's `upgrade(op)` / `downgrade(op)`. Every builder
 * method (`op.createTable`, `op.addColumn`, `op.execute`, ...) records one operation; the
 * runner applies them in order. `op.query` runs SQL and returns rows, for data migrations.
 * (A Drizzle handle, `op.db`, is planned for the same connection.)
 *
 * @example
 * ```ts
 * upgrade(op) {
 *   op.addColumn("users", { name: "timezone", type: "text", default: "'UTC'", nullable: false });
 *   if (op.dialect === "postgresql") op.execute("CREATE EXTENSION IF NOT EXISTS citext");
 * }
 * ```
 */
export interface Op extends Builders {
  /** The dialect's name, so a revision can branch on it. */
  readonly dialect: string;
  /**
   * Runs `sql` with bind parameters (`$1` on PostgreSQL, `?` on MySQL) and returns its rows.
   * Operations built before the call are applied first. Not available offline (`--sql`).
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<readonly Row[]>;
  /**
   * Fills columns of existing rows in keyset batches by primary key, each batch its own short
   * transaction; resumable and idempotent through `where`. Await it. Resolves to a summary
   * online, `undefined` offline (`--sql`). See docs/backfill.md.
   *
   * @example
   * ```ts
   * await op.backfill({ table: "users", set: { email_lower: "lower(email)" }, where: "email_lower IS NULL", batchSize: 5000 });
   * ```
   */
  backfill(spec: BackfillSpec): Promise<BackfillSummary | undefined>;
  /**
   * Overrides the runner's lock-timeout settings for this revision (`false`: wait unbounded).
   * Call it first, before any operation.
   *
   * @example
   * ```ts
   * op.lockRetry({ lockTimeoutMs: 10_000, retries: 2 });
   * ```
   */
  lockRetry(options: LockRetryInput): void;
}

/**
 * Builds the `op` for one revision run on top of a sink.
 *
 * @example
 * ```ts
 * const ops: Operation[] = [];
 * const op = createOp({ dialect: "pglite", emit: (o) => ops.push(o), query: () => Promise.reject(new Error("offline")) });
 * op.createSchema("billing"); // ops[0] is { kind: "createSchema", name: "billing" }
 * ```
 */
export function createOp(sink: OpSink): Op {
  if (
    typeof sink?.emit !== "function" ||
    typeof sink.query !== "function" ||
    typeof sink.dialect !== "string"
  ) {
    throw new AthanorError(
      "ATHANOR_INVALID_OPERATION",
      "createOp needs a sink with a dialect name, emit(operation) and query(sql, params). This is a bug in the runner that called it.",
      {},
    );
  }
  // one object filled in place, from entries listed once: spreading a 45-builder object into a
  // fresh literal per call cost ~0.1 ms, paid for every revision function an `--sql` run calls.
  // An indexed loop, not `for (const [name, factory] of ...)`: this runs 2,000 times in a cold
  // `--sql` of 1,000 revisions, mostly unoptimised, where each destructured entry allocated an
  // iterator, its results and a scope per builder (docs/performance.md, issue 21).
  const op: Record<string, unknown> = {};
  for (let i = 0; i < BUILDER_NAMES.length; i++)
    op[BUILDER_NAMES[i] as string] = emitting(sink, BUILDER_FACTORIES[i] as Factory);
  op.dialect = sink.dialect;
  op.query = <Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]) =>
    sink.query<Row>(sql, params);
  op.backfill = async (spec: BackfillSpec) => {
    const normalized = normalizeBackfill(spec);
    if (sink.backfill === undefined) {
      throw new AthanorError(
        "ATHANOR_UNSUPPORTED",
        `op.backfill on ${normalized.table.name} cannot run here: this runner or tool does not execute backfills.`,
        { table: normalized.table.name },
      );
    }
    return sink.backfill(normalized);
  };
  op.lockRetry = (options: LockRetryInput) => sink.lockRetry?.(options);
  return Object.freeze(op) as unknown as Op;
}

/** The builder methods of `op`, in the order of {@link operations}. */
type Factory = (...args: never[]) => Operation;
const BUILDER_NAMES = Object.keys(operations);
const BUILDER_FACTORIES = Object.values(operations) as Factory[];

/** `op.<builder>`: builds the operation and hands it to the sink. */
function emitting(sink: OpSink, factory: Factory): (...args: never[]) => void {
  return (...args) => {
    sink.emit(factory(...args));
  };
}
