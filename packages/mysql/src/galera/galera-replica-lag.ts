import type { Connection, MaxReplicaLag, ReplicaLag } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";

/** Opens a session on another node of the cluster, at its client address (`host:port`). */
export type GaleraPeerConnect = (address: string) => Promise<Connection>;

/** One node's flow-control figures, as it reports them about itself. */
interface NodeReading {
  readonly name: string;
  readonly queue: number;
  readonly pausedNs: number;
  readonly addresses: readonly string[];
  readonly ownAddress: string;
}

const READING_SQL = `SELECT @@wsrep_node_name AS name, @@wsrep_node_incoming_address AS own,
  (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_LOCAL_RECV_QUEUE') AS queue,
  (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_FLOW_CONTROL_PAUSED_NS') AS paused_ns,
  (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_INCOMING_ADDRESSES') AS addresses`;

async function readNode(conn: Connection): Promise<NodeReading> {
  const row = (
    await conn.query<{
      name: string | null;
      own: string | null;
      queue: string | null;
      paused_ns: string | null;
      addresses: string | null;
    }>(READING_SQL)
  ).rows[0];
  return {
    name: String(row?.name ?? ""),
    queue: Number(row?.queue ?? 0),
    pausedNs: Number(row?.paused_ns ?? 0),
    addresses: String(row?.addresses ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter((a) => a !== "" && a !== "AUTO"),
    ownAddress: String(row?.own ?? ""),
  };
}

const asReplica = (node: NodeReading, address: string): ReplicaLag => ({
  name: address === "" ? node.name : `${node.name} (${address})`,
  lagMs: null,
  lagBytes: null,
  queue: node.queue,
  flowControlPausedNs: node.pausedNs,
  measures: ["queue", "flowControlPaused"],
});

/**
 * The Galera counterpart of a primary's replica lag, for `maxReplicaLag`'s `queue` and
 * `flowControlPaused`: every node is a "replica". The runner's node answers its own receive queue
 * and flow-control pause counter (flow control pauses every node at once, so one node's counter
 * speaks for the cluster). A node that stopped applying without pausing the others — desynced
 * (`wsrep_desync`, `FLUSH TABLES WITH READ LOCK`, a backup) sends no flow control — shows only in
 * its own queue, so with a `queue` limit the other nodes are read too, each on a short session
 * at the address it announces (`wsrep_incoming_addresses`) with the runner's credentials. A node
 * that cannot be read stops the check with its error: never a silent pass.
 *
 * @example
 * ```ts
 * await galeraReplicaLag(conn, { queue: 100 }, peer);
 * // [{ name: "node1 (10.0.0.1:3306)", queue: 0, flowControlPausedNs: 0, … }, { name: "node3 (10.0.0.3:3306)", queue: 167, … }]
 * ```
 */
export async function galeraReplicaLag(
  conn: Connection,
  limit: MaxReplicaLag | undefined,
  peer: GaleraPeerConnect | undefined,
): Promise<readonly ReplicaLag[]> {
  const self = await readNode(conn);
  const own = self.addresses.includes(self.ownAddress) ? self.ownAddress : "";
  const replicas = [asReplica(self, own)];
  if (limit?.queue === undefined) return replicas;
  const others = self.addresses.filter((address) => address !== own);
  if (others.length > 0 && peer === undefined) {
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `maxReplicaLag.queue needs to read every Galera node's receive queue, and this dialect was given a client, not a URL, so it cannot open sessions on the other nodes (${others.join(", ")}). Pass a url, or throttle on flowControlPaused only.`,
      { dialect: "mysql", feature: "maxReplicaLag.queue", nodes: others },
    );
  }
  for (const address of others) {
    const session = await (peer as GaleraPeerConnect)(address);
    try {
      const node = await readNode(session);
      // Our own node under another name (an address list without this node's own entry).
      if (node.name !== self.name) replicas.push(asReplica(node, address));
    } finally {
      await session.close();
    }
  }
  return replicas;
}

/**
 * The runner's URL pointed at another node: same user, password, database and options, the
 * node's `host:port` (as `wsrep_incoming_addresses` lists it, IPv6 in brackets).
 *
 * @example
 * ```ts
 * nodeUrl("mysql://deploy:pw@10.0.0.1:3306/app", "10.0.0.3:3306"); // "mysql://deploy:pw@10.0.0.3:3306/app"
 * ```
 */
export function nodeUrl(url: string, address: string): string {
  const at = address.lastIndexOf(":");
  const host = at > 0 && !address.endsWith("]") ? address.slice(0, at) : address;
  const port = at > 0 && !address.endsWith("]") ? address.slice(at + 1) : "";
  const next = new URL(url);
  next.hostname = host;
  next.port = /^\d+$/.test(port) ? port : "";
  return next.toString();
}

/**
 * The MySQL dialect's `replicaLag`: Galera nodes only. A plain MySQL/MariaDB server's binlog
 * replicas are not read (yet), so `maxReplicaLag` there is refused rather than never firing.
 *
 * @example
 * ```ts
 * const replicaLag = mysqlReplicaLag(onGalera, (address) => openMysqlConnection({ url: nodeUrl(url, address) }));
 * ```
 */
export function mysqlReplicaLag(
  onGalera: (conn: Connection) => Promise<boolean>,
  peer: GaleraPeerConnect | undefined,
): (conn: Connection, limit?: MaxReplicaLag) => Promise<readonly ReplicaLag[]> {
  return async (conn, limit) => {
    if (!(await onGalera(conn))) {
      throw new AthanorError(
        "ATHANOR_UNSUPPORTED",
        "maxReplicaLag on MySQL/MariaDB is measured on Galera nodes only (their receive queues and flow control); the replicas of binlog replication are not read. Remove maxReplicaLag, or throttle with the backfill's sleepMs.",
        { dialect: "mysql", feature: "maxReplicaLag" },
      );
    }
    return galeraReplicaLag(conn, limit, peer);
  };
}
