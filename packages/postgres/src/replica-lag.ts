import type { ClusterStatus, Connection, ReplicaLag } from "@athanor/core";

interface ReplicationRow {
  readonly name: string;
  readonly lag_ms: number | string | null;
  readonly lag_bytes: number | string | null;
}

/**
 * The standbys this primary streams to, from `pg_stat_replication`: time lag is `replay_lag`
 * (null once an idle standby has caught up, and stale while replay is paused, since it is measured
 * only when replay reaches a sampled position), byte lag is `pg_current_wal_lsn()` minus the
 * standby's `replay_lsn` (exact, and growing while the standby does not replay). Asked on a standby
 * itself it answers nothing (a cascading standby's own children are not the primary's concern).
 * Reading another role's rows needs `pg_monitor` (or superuser); without it the LSNs are null
 * and only `replay_lag`'s absence shows, so grant it to the migrating role.
 *
 * @example
 * ```ts
 * await postgresReplicaLag(conn); // [{ name: "walreceiver (127.0.0.1)", lagMs: 120, lagBytes: 65536 }]
 * ```
 */
export async function postgresReplicaLag(conn: Connection): Promise<readonly ReplicaLag[]> {
  const { rows } = await conn.query<ReplicationRow>(
    `SELECT application_name || COALESCE(' (' || host(client_addr) || ')', '') AS name,
            (EXTRACT(EPOCH FROM replay_lag) * 1000)::float8 AS lag_ms,
            CASE WHEN pg_is_in_recovery() OR replay_lsn IS NULL THEN NULL
                 ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 END AS lag_bytes
       FROM pg_stat_replication
      ORDER BY application_name, pid`,
  );
  return rows.map((r) => ({
    name: r.name,
    lagMs: r.lag_ms === null ? null : Number(r.lag_ms),
    lagBytes: r.lag_bytes === null ? null : Math.max(0, Number(r.lag_bytes)),
  }));
}

/**
 * The primary's streaming replicas for `athanor status`, or null when it feeds none.
 *
 * @example
 * ```ts
 * (await postgresClusterStatus(conn))?.summary; // "1 streaming replica: walreceiver (127.0.0.1) 0 B behind"
 * ```
 */
export async function postgresClusterStatus(conn: Connection): Promise<ClusterStatus | null> {
  const replicas = await postgresReplicaLag(conn);
  if (replicas.length === 0) return null;
  const each = replicas.map((r) => {
    const lag = [
      r.lagBytes === null ? undefined : `${Math.round(r.lagBytes).toLocaleString("en-US")} B behind`,
      r.lagMs === null ? undefined : `replay lag ${Math.round(r.lagMs)} ms`,
    ].filter((part) => part !== undefined);
    return `${r.name} ${lag.length === 0 ? "lag unknown (grant pg_monitor)" : lag.join(", ")}`;
  });
  return {
    kind: "streaming-replicas",
    summary: `${replicas.length} streaming replica${replicas.length === 1 ? "" : "s"}: ${each.join("; ")}`,
    replicas,
  };
}
