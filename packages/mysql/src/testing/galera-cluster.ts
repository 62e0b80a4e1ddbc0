import { type ChildProcess, execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freeLocalPort } from "@athanor/core/testing";
import { type MysqlConnection, openMysqlConnection } from "../mysql-driver.js";
import {
  GALERA_PROVIDER,
  type NodePorts,
  type NodeSpec,
  spawnGaleraNode,
  waitSynced,
} from "./galera-node.js";
import { galeraTemplate, mysqlIds } from "./galera-template.js";

const run = promisify(execFile);

export { GALERA_PROVIDER } from "./galera-node.js";

/**
 * A MariaDB Galera cluster of local nodes, started by a test: own data folders under a temporary
 * folder, own ports, node 1 bootstrapped (`--wsrep-new-cluster`, what `galera_new_cluster` does),
 * the others joining it (from the same template state: no state transfer). Not exported from the
 * package entry.
 */
export interface GaleraCluster {
  /** The nodes' client ports, node 1 first. */
  readonly ports: readonly number[];
  /** `mysql://root@127.0.0.1:<port>/<database>` of node `index` (0-based). */
  url(index: number, database: string): string;
  /** A session on node `index` (0-based), with the given default database. */
  connect(index: number, database?: string): Promise<MysqlConnection>;
  /** Rows of `sql` read on node `index` after the cluster applied everything committed before (wsrep_sync_wait). */
  syncedRead<T>(index: number, database: string, sql: string): Promise<T[]>;
  /** Kills node `index`'s mariadbd with SIGKILL (a crash: no shutdown, no leave message). */
  kill(index: number): Promise<void>;
  /** Kills every node (SIGKILL: their data is not kept) and removes the data folders. */
  stop(): Promise<void>;
}

/**
 * Starts a cluster of `nodes` MariaDB Galera nodes and waits until every node is Synced in a
 * component of that size. Every node starts from a copy of one cached template data folder
 * ({@link galeraTemplate}), so node 1 bootstraps at once and the others join without a state
 * transfer. Fails loudly (never skips) when the Galera provider is not installed.
 *
 * @example
 * ```ts
 * const cluster = await startGaleraCluster(3);
 * const conn = await cluster.connect(1);
 * await cluster.stop();
 * ```
 */
export async function startGaleraCluster(nodes = 3): Promise<GaleraCluster> {
  if (!existsSync(GALERA_PROVIDER)) {
    throw new Error(
      `${GALERA_PROVIDER} is missing: install Debian's galera-4 package (\`apt-get install -y galera-4\`; .ci/run does it).`,
    );
  }
  const template = await galeraTemplate();
  const root = await mkdtemp(join(tmpdir(), "athanor-galera-"));
  // As root, mariadbd (and the state transfer scripts it runs) run as the mysql user.
  const asRoot = process.getuid?.() === 0;
  const specs: NodeSpec[] = [];
  const ports: NodePorts[] = [];
  for (let i = 0; i < nodes; i++) {
    ports.push({
      client: await freeLocalPort(),
      group: await freeLocalPort(),
      ist: await freeLocalPort(),
    });
  }
  const clusterAddress = `gcomm://${ports.map((p) => `127.0.0.1:${p.group}`).join(",")}`;
  for (let i = 0; i < nodes; i++) {
    const dir = join(root, `n${i + 1}`);
    specs.push({
      name: `node${i + 1}`,
      dir,
      ports: ports[i] as NodePorts,
      clusterAddress,
      bootstrap: i === 0,
      asRoot,
    });
  }
  const children: ChildProcess[] = [];
  // The data folders are thrown away, so nothing needs a node's clean shutdown (~5 s of wall for
  // three, their buffers flushed and the group told): SIGKILL, as `kill` does to one node.
  const stop = async () => {
    await Promise.all(children.map((child) => killChild(child)));
    await rm(root, { recursive: true, force: true });
  };
  const onExit = () => {
    for (const child of children) child.kill("SIGKILL");
  };
  process.once("exit", onExit);
  try {
    if (asRoot) {
      const owner = await mysqlIds();
      await chown(root, owner.uid, owner.gid);
    }
    // cp -a keeps the mysql user's ownership when run as root.
    await Promise.all(specs.map((spec) => run("cp", ["-a", template, spec.dir])));
    const [first, ...joiners] = specs as [NodeSpec, ...NodeSpec[]];
    children.push(spawnGaleraNode(first));
    await waitSynced(first, 1);
    for (const spec of joiners) children.push(spawnGaleraNode(spec));
    await Promise.all(joiners.map((spec) => waitSynced(spec, nodes)));
  } catch (error) {
    await stop();
    throw error;
  }
  const url = (index: number, database: string) =>
    `mysql://root@127.0.0.1:${(ports[index] as NodePorts).client}/${encodeURIComponent(database)}`;
  const connect = (index: number, database = "") =>
    openMysqlConnection({ url: url(index, database), connectTimeoutMs: 5_000 });
  return {
    ports: ports.map((p) => p.client),
    url,
    connect,
    async syncedRead<T>(index: number, database: string, sql: string) {
      const conn = await connect(index, database);
      try {
        return (await conn.query<T>(`SET STATEMENT wsrep_sync_wait = 1 FOR ${sql}`)).rows as T[];
      } finally {
        await conn.close();
      }
    },
    async kill(index) {
      const child = children[index];
      if (child !== undefined) await killChild(child);
    },
    async stop() {
      process.removeListener("exit", onExit);
      await stop();
    },
  };
}

/** SIGKILL (a crash: no shutdown, no leave message), resolved once the process has exited. */
async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}
