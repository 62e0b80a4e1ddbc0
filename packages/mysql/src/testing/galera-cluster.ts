import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freeLocalPort } from "@athanor/core/testing";
import { type MysqlConnection, openMysqlConnection } from "../mysql-driver.js";

const run = promisify(execFile);

/** Debian's `galera-4` package; `.ci/run` installs it when missing. */
export const GALERA_PROVIDER = "/usr/lib/galera/libgalera_smm.so";

/**
 * A MariaDB Galera cluster of local nodes, started by a test: own data folders under a temporary
 * folder, own ports, node 1 bootstrapped (`--wsrep-new-cluster`, what `galera_new_cluster` does),
 * the others joining it by rsync state transfer. Not exported from the package entry.
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
  /** Stops every node (SIGTERM, then SIGKILL after 20 s) and removes the data folders. */
  stop(): Promise<void>;
}

interface NodePorts {
  readonly client: number;
  readonly group: number;
  readonly sst: number;
  readonly ist: number;
}

/**
 * Starts a cluster of `nodes` MariaDB Galera nodes and waits until every node is Synced in a
 * component of that size. Fails loudly (never skips) when the Galera provider is not installed.
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
      `${GALERA_PROVIDER} is missing: install Debian's galera-4 package (\`apt-get install -y galera-4 rsync\`; .ci/run does it).`,
    );
  }
  const root = await mkdtemp(join(tmpdir(), "athanor-galera-"));
  // As root, mariadbd and the rsync daemon of the state transfer run as the mysql user.
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await mysqlIds() : undefined;
  const ports: NodePorts[] = [];
  for (let i = 0; i < nodes; i++) {
    ports.push({
      client: await freeLocalPort(),
      group: await freeLocalPort(),
      sst: await freeLocalPort(),
      ist: await freeLocalPort(),
    });
  }
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
    await rm(root, { recursive: true, force: true });
  };
  const onExit = () => {
    for (const child of children) child.kill("SIGKILL");
  };
  process.once("exit", onExit);
  try {
    for (let i = 0; i < nodes; i++) await mkdir(join(root, `n${i + 1}`));
    if (owner !== undefined) await chownTree(root, nodes, owner);
    await run("mariadb-install-db", [
      "--no-defaults",
      `--datadir=${join(root, "n1")}`,
      ...(asRoot ? ["--user=mysql"] : []),
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
    ]);
    const address = `gcomm://${ports.map((p) => `127.0.0.1:${p.group}`).join(",")}`;
    const start = (i: number, bootstrap: boolean) => {
      const p = ports[i] as NodePorts;
      const dir = join(root, `n${i + 1}`);
      const child = spawn(
        "mariadbd",
        [
          "--no-defaults",
          ...(asRoot ? ["--user=mysql"] : []),
          `--datadir=${dir}`,
          `--port=${p.client}`,
          "--bind-address=127.0.0.1",
          `--socket=${dir}.sock`,
          `--pid-file=${dir}.pid`,
          `--log-error=${dir}.err`,
          "--skip-name-resolve",
          "--wsrep_on=ON",
          `--wsrep_provider=${GALERA_PROVIDER}`,
          `--wsrep_cluster_address=${address}`,
          `--wsrep_provider_options=gmcast.listen_addr=tcp://127.0.0.1:${p.group};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=16M`,
          `--wsrep_node_address=127.0.0.1:${p.group}`,
          `--wsrep_node_name=node${i + 1}`,
          `--wsrep_sst_receive_address=127.0.0.1:${p.sst}`,
          "--wsrep_sst_method=rsync",
          "--binlog_format=ROW",
          "--default_storage_engine=InnoDB",
          "--innodb_autoinc_lock_mode=2",
          "--innodb_buffer_pool_size=32M",
          "--innodb_log_file_size=16M",
          "--performance_schema=OFF",
          ...(bootstrap ? ["--wsrep-new-cluster"] : []),
        ],
        { stdio: "ignore" },
      );
      children.push(child);
    };
    start(0, true);
    await waitSynced(ports[0] as NodePorts, 1, join(root, "n1.err"));
    for (let i = 1; i < nodes; i++) start(i, false);
    for (let i = 1; i < nodes; i++)
      await waitSynced(ports[i] as NodePorts, nodes, join(root, `n${i + 1}.err`));
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
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      process.removeListener("exit", onExit);
      await stop();
    },
  };
}

async function mysqlIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run("id", ["-u", "mysql"]);
  const { stdout: gid } = await run("id", ["-g", "mysql"]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

async function chownTree(root: string, nodes: number, owner: { uid: number; gid: number }): Promise<void> {
  await chown(root, owner.uid, owner.gid);
  for (let i = 0; i < nodes; i++) await chown(join(root, `n${i + 1}`), owner.uid, owner.gid);
}

// A node is ready when it answers, is Synced, and sees a component of `size` nodes (state
// transfers to joiners run one after another, so later nodes take longer).
async function waitSynced(ports: NodePorts, size: number, log: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const conn = await openMysqlConnection({
        url: `mysql://root@127.0.0.1:${ports.client}/`,
        connectTimeoutMs: 2_000,
      });
      try {
        const { rows } = await conn.query<{ Variable_name: string; Value: string }>(
          "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_cluster_size')",
        );
        const status = new Map(rows.map((r) => [r.Variable_name, r.Value]));
        if (
          status.get("wsrep_local_state_comment") === "Synced" &&
          Number(status.get("wsrep_cluster_size")) >= size
        )
          return;
      } finally {
        await conn.close();
      }
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      const tail = await readFile(log, "utf8").catch(() => "");
      throw new Error(
        `Galera node on port ${ports.client} did not sync within 90 s. Log tail:\n${tail.slice(-3000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}
