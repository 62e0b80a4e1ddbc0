import type { ClusterStatus, Connection } from "@athanor/core";

/**
 * What a MariaDB Galera node says about itself and its cluster. `null` from {@link detectGalera}
 * means the server is not a Galera node (plain MariaDB/MySQL, or wsrep off / no provider).
 *
 * @example
 * ```ts
 * const info: GaleraInfo = { clusterSize: 3, localState: "Synced", clusterStatus: "Primary", nodeName: "node1", ready: true };
 * ```
 */
export interface GaleraInfo {
  /** `wsrep_cluster_size`: nodes in this node's component. */
  readonly clusterSize: number;
  /** `wsrep_local_state_comment`: Synced, Donor/Desynced, Joining... */
  readonly localState: string;
  /** `wsrep_cluster_status`: Primary (may write) or non-Primary (partitioned away). */
  readonly clusterStatus: string;
  /** `wsrep_node_name`. */
  readonly nodeName: string;
  /** `wsrep_ready`: the node accepts queries. */
  readonly ready: boolean;
}

interface NameValue {
  readonly Variable_name: string;
  readonly Value: string | null;
}

/**
 * Asks the server whether it is a Galera node: `wsrep_on` is ON and a provider is loaded. MySQL,
 * which has no wsrep variables, answers empty and is not one. Two round trips, read-only.
 *
 * @example
 * ```ts
 * const info = await detectGalera(conn); // null on a plain MariaDB
 * ```
 */
export async function detectGalera(conn: Connection): Promise<GaleraInfo | null> {
  const variables = toMap((await conn.query<NameValue>(GALERA_VARIABLES_SQL)).rows);
  if (!variablesSayGalera(variables)) return null;
  const status = toMap(
    (
      await conn.query<NameValue>(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment', 'wsrep_cluster_status', 'wsrep_ready')",
      )
    ).rows,
  );
  return {
    clusterSize: Number(status.get("wsrep_cluster_size") ?? 0),
    localState: status.get("wsrep_local_state_comment") ?? "",
    clusterStatus: status.get("wsrep_cluster_status") ?? "",
    nodeName: variables.get("wsrep_node_name") ?? "",
    ready: status.get("wsrep_ready")?.toUpperCase() === "ON",
  };
}

/** The read {@link detectGalera} starts with; {@link isGaleraNode} judges its rows. */
export const GALERA_VARIABLES_SQL =
  "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('wsrep_on', 'wsrep_provider', 'wsrep_node_name')";

/**
 * Whether the rows of {@link GALERA_VARIABLES_SQL} come from a Galera node, for a caller that
 * sent the read in a batch with others.
 *
 * @example
 * ```ts
 * isGaleraNode([{ Variable_name: "wsrep_on", Value: "OFF" }]); // false
 * ```
 */
export function isGaleraNode(rows: readonly unknown[]): boolean {
  return variablesSayGalera(toMap(rows as NameValue[]));
}

function variablesSayGalera(variables: ReadonlyMap<string, string>): boolean {
  const provider = variables.get("wsrep_provider") ?? "";
  return variables.get("wsrep_on")?.toUpperCase() === "ON" && provider !== "" && provider !== "none";
}

function toMap(rows: readonly NameValue[]): Map<string, string> {
  return new Map(
    rows.map((r) => [String(r.Variable_name).toLowerCase(), r.Value === null ? "" : String(r.Value)]),
  );
}

/**
 * A Galera node's cluster for `athanor status`, or null on a server that is not one.
 *
 * @example
 * ```ts
 * (await galeraClusterStatus(conn))?.summary; // "Galera: 3 nodes; node1 Synced, Primary component"
 * ```
 */
export async function galeraClusterStatus(conn: Connection): Promise<ClusterStatus | null> {
  const info = await detectGalera(conn);
  if (info === null) return null;
  const nodes = `${info.clusterSize} node${info.clusterSize === 1 ? "" : "s"}`;
  return {
    kind: "galera",
    summary: `Galera: ${nodes}; ${info.nodeName === "" ? "this node" : info.nodeName} ${info.localState}, ${info.clusterStatus} component${info.ready ? "" : ", not ready"}`,
  };
}
