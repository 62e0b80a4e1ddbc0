import { AthanorError } from "../errors.js";

// The limit alone, apart from the throttle: config validation imports it on every command's
// start-up path, which must not load the backfill engine or the runner.

/**
 * How far replicas may fall behind while a backfill runs (gh-ost's and pt-online-schema-change's
 * throttle): before each batch the primary is asked for its replicas' lag, and while any replica
 * passes a limit the backfill waits, asking again every `checkEveryMs`. `seconds` and `bytes` are
 * PostgreSQL streaming replicas' measures; `queue` and `flowControlPaused` MariaDB Galera's (the
 * other nodes are the "replicas"). A limit the server cannot measure is refused at the first check.
 *
 * @example
 * ```ts
 * const limit: MaxReplicaLag = { seconds: 5, bytes: 64 * 1024 * 1024 };
 * ```
 */
export interface MaxReplicaLag {
  /** Replay lag in seconds (PostgreSQL `replay_lag`). */
  readonly seconds?: number | undefined;
  /** Unreplayed WAL in bytes (current WAL position minus the replica's replay position). */
  readonly bytes?: number | undefined;
  /** Galera: write-sets a node has received and not applied yet (`wsrep_local_recv_queue`), on any node. */
  readonly queue?: number | undefined;
  /**
   * Galera: the share of the time since the previous check (0 to 1) the cluster spent paused by
   * flow control (the delta of `wsrep_flow_control_paused_ns`), as seen by any node.
   */
  readonly flowControlPaused?: number | undefined;
  /** How often to ask again while paused. Default 500 ms. */
  readonly checkEveryMs?: number | undefined;
}

/** The limits of a {@link MaxReplicaLag} (the rest are settings). */
export const REPLICA_LAG_LIMITS: readonly ["seconds", "bytes", "queue", "flowControlPaused"] = [
  "seconds",
  "bytes",
  "queue",
  "flowControlPaused",
];

/** How often a paused backfill asks again when `checkEveryMs` is not set. */
export const DEFAULT_CHECK_MS = 500;

/**
 * Validates a {@link MaxReplicaLag}: at least one positive limit, finite numbers.
 *
 * @example
 * ```ts
 * assertMaxReplicaLag({ seconds: 0 }); // throws ATHANOR_CONFIG_INVALID
 * ```
 */
export function assertMaxReplicaLag(limit: MaxReplicaLag): void {
  const fields = ["seconds", "bytes", "queue", "flowControlPaused", "checkEveryMs"] as const;
  for (const key of Object.keys(limit)) {
    if (!(fields as readonly string[]).includes(key)) {
      throw invalidLimit(`maxReplicaLag.${key}`, `is not a field (known: ${fields.join(", ")})`);
    }
  }
  for (const field of fields) {
    const value = limit[field];
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value <= 0))
      throw invalidLimit(`maxReplicaLag.${field}`, "must be a positive number");
  }
  if (limit.flowControlPaused !== undefined && limit.flowControlPaused > 1)
    throw invalidLimit("maxReplicaLag.flowControlPaused", "must be a share of the time, at most 1");
  if (REPLICA_LAG_LIMITS.every((field) => limit[field] === undefined))
    throw invalidLimit("maxReplicaLag", `needs a limit: ${REPLICA_LAG_LIMITS.join(", ")}`);
}

function invalidLimit(field: string, problem: string): AthanorError {
  return new AthanorError("ATHANOR_CONFIG_INVALID", `${field} ${problem}.`, {
    field,
    hint: "maxReplicaLag: { seconds: 5 }",
  });
}
