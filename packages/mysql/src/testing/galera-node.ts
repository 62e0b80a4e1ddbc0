import { type ChildProcess, spawn } from "node:child_process";
import { chownSync, mkdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { openMysqlConnection } from "../mysql-driver.js";

/** Debian's `galera-4` package; `.ci/run` installs it when missing. */
export const GALERA_PROVIDER = "/usr/lib/galera/libgalera_smm.so";

/** The local ports one test node listens on. */
export interface NodePorts {
  readonly client: number;
  readonly group: number;
  readonly ist: number;
}

/** Where a node keeps its data, and how it joins. */
export interface NodeSpec {
  readonly name: string;
  readonly dir: string;
  readonly ports: NodePorts;
  /** `gcomm://…` of every node (empty list for a node alone). */
  readonly clusterAddress: string;
  /** Start a new cluster from this node's state (`galera_new_cluster`). */
  readonly bootstrap: boolean;
  readonly asRoot: boolean;
}

/**
 * Spawns one `mariadbd` with Galera on local ports: its socket, pid file and error log sit next to
 * its data folder (`<dir>.err`). Small buffers: the test data is tiny.
 */
export function spawnGaleraNode(spec: NodeSpec): ChildProcess {
  return spawn(
    "mariadbd",
    [...galeraNodeArgs(spec, nodeTmpdir(spec.dir)), ...(spec.bootstrap ? ["--wsrep-new-cluster"] : [])],
    { stdio: "ignore" },
  );
}

/**
 * The node's own temporary folder, `<dir>.tmp`, owned like the folder that holds its data. Never
 * the system's /tmp: a starting mariadbd deletes every `#sql*` file in its tmpdir, and the test
 * machine's main MariaDB keeps its live temporary tables there — information_schema queries
 * running on it then failed ("Error on delete of '/tmp/#sql-temptable-….MAI' (Errcode: 2)") or
 * crashed the server (signal 11 in ha_maria::drop_table) whenever a Galera test started a node.
 */
export function nodeTmpdir(dir: string): string {
  const tmp = `${dir}.tmp`;
  mkdirSync(tmp, { recursive: true });
  const owner = statSync(dirname(dir));
  chownSync(tmp, owner.uid, owner.gid);
  return tmp;
}

function galeraNodeArgs(spec: NodeSpec, tmpdir: string): string[] {
  const { dir, ports: p } = spec;
  return [
    "--no-defaults",
    ...(spec.asRoot ? ["--user=mysql"] : []),
    `--datadir=${dir}`,
    `--port=${p.client}`,
    "--bind-address=127.0.0.1",
    `--socket=${dir}.sock`,
    `--pid-file=${dir}.pid`,
    `--log-error=${dir}.err`,
    `--tmpdir=${tmpdir}`,
    "--skip-name-resolve",
    "--wsrep_on=ON",
    `--wsrep_provider=${GALERA_PROVIDER}`,
    `--wsrep_cluster_address=${spec.clusterAddress}`,
    `--wsrep_provider_options=gmcast.listen_addr=tcp://127.0.0.1:${p.group};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=16M`,
    `--wsrep_node_address=127.0.0.1:${p.group}`,
    `--wsrep_node_incoming_address=127.0.0.1:${p.client}`,
    `--wsrep_node_name=${spec.name}`,
    // Joiners start from the template's state and only miss the joins themselves, so the
    // transfer is an IST and the "SST" a bypass: mysqldump's script then only sets the start
    // position over SQL (~1 s), where rsync's runs a daemon on the joiner (~6-13 s each,
    // measured on the loaded 2-core box; mariabackup is not installed). A real full transfer
    // (never needed by the tests) would dump and load everything.
    `--wsrep_sst_receive_address=127.0.0.1:${p.client}`,
    "--wsrep_sst_method=mysqldump",
    "--wsrep_sst_auth=root:",
    "--binlog_format=ROW",
    "--default_storage_engine=InnoDB",
    "--innodb_autoinc_lock_mode=2",
    "--innodb_buffer_pool_size=32M",
    "--innodb_log_file_size=16M",
    "--performance_schema=OFF",
  ];
}

/**
 * Waits until the node answers, is Synced and sees a component of at least `size` nodes; fails
 * with the tail of its error log after 90 s.
 */
export async function waitSynced(spec: NodeSpec, size: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const conn = await openMysqlConnection({
        url: `mysql://root@127.0.0.1:${spec.ports.client}/`,
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
      const tail = await readFile(`${spec.dir}.err`, "utf8").catch(() => "");
      throw new Error(
        `Galera node ${spec.name} on port ${spec.ports.client} did not sync within 90 s. Log tail:\n${tail.slice(-3000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** SIGTERM (a clean shutdown, which saves the node's position), then SIGKILL after 20 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}
