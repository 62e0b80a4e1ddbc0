import { execFile } from "node:child_process";
import { appendFile, chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freeLocalPort } from "@athanor/core/testing";

const run = promisify(execFile);

/** The local PostgreSQL 15's programs (Debian's postgresql-15). */
export const PG_BIN = process.env.ATHANOR_TEST_PG_BIN ?? "/usr/lib/postgresql/15/bin";

/**
 * A PostgreSQL primary and one hot standby streaming from it through a replication slot, on local
 * ports, started by a test: `initdb`, `pg_basebackup -R -C -S`, `pg_ctl`. As root the servers run
 * as the `postgres` user (`runuser`), since PostgreSQL refuses to run as root. Not exported.
 */
export interface StreamingPair {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` of the primary. */
  readonly primaryUrl: string;
  readonly standbyUrl: string;
  /** Stops both servers (immediate) and removes their folders. */
  stop(): Promise<void>;
}

/**
 * Starts the pair and waits until the standby streams and has reported its replay position. Fails loudly when the binaries are missing.
 * `standbySettings` are extra `postgresql.conf` lines of the standby (a bench slows it with
 * `recovery_min_apply_delay`).
 *
 * @example
 * ```ts
 * const pair = await startStreamingPair();
 * await pair.stop();
 * ```
 */
export async function startStreamingPair(
  options: { readonly standbySettings?: readonly string[] } = {},
): Promise<StreamingPair> {
  const root = await mkdtemp(join(tmpdir(), "athanor-standby-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(root, Number(stdout.trim()), Number(gid.trim()));
  }
  // PostgreSQL's programs, as the postgres user when the tests run as root.
  const pg = (program: string, args: readonly string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", join(PG_BIN, program), ...args])
      : run(join(PG_BIN, program), [...args]);
  const primary = join(root, "primary");
  const standby = join(root, "standby");
  const [primaryPort, standbyPort] = [await freeLocalPort(), await freeLocalPort()];
  const started: string[] = [];
  const stop = async () => {
    for (const dir of started.reverse())
      await pg("pg_ctl", ["-D", dir, "-m", "immediate", "stop"]).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  };
  try {
    await pg("initdb", ["-D", primary, "-U", "postgres", "--auth=trust", "--no-sync"]);
    await appendFile(
      join(primary, "postgresql.conf"),
      [
        `port = ${primaryPort}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${root}'`,
        "wal_level = replica",
        "max_wal_senders = 4",
        "max_replication_slots = 4",
        "fsync = off",
        "shared_buffers = 32MB",
        "",
      ].join("\n"),
    );
    await pg("pg_ctl", ["-D", primary, "-l", join(root, "primary.log"), "-w", "start"]);
    started.push(primary);
    await pg("pg_basebackup", [
      ...["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres"],
      ...["-D", standby, "-R", "-X", "stream", "-C", "-S", "athanor_standby", "--no-sync"],
    ]);
    await appendFile(
      join(standby, "postgresql.conf"),
      [`port = ${standbyPort}`, "hot_standby = on", ...(options.standbySettings ?? []), ""].join("\n"),
    );
    await pg("pg_ctl", ["-D", standby, "-l", join(root, "standby.log"), "-w", "start"]);
    started.push(standby);
    await waitStreaming(primaryPort, join(root, "standby.log"));
  } catch (error) {
    // the servers' logs go with the folder: keep their ends in the error, so a failure says why
    const logs = await Promise.all(
      ["primary.log", "standby.log"].map(async (name) => {
        const text = await readFile(join(root, name), "utf8").catch(() => "");
        return text === "" ? "" : `\n--- ${name} (end) ---\n${text.slice(-1500)}`;
      }),
    );
    await stop();
    if (logs.join("") !== "" && error instanceof Error) error.message += logs.join("");
    throw error;
  }
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    standbyUrl: `postgres://postgres@127.0.0.1:${standbyPort}/postgres`,
    stop,
  };
}

// Streaming, and the standby has reported where it replayed to: `replay_lsn` stays null from the
// walsender's start until the standby's first status reply, so a probe asked in between read no
// byte lag (replica-lag.test.ts failed so on a loaded run).
async function waitStreaming(port: number, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { stdout } = await run(join(PG_BIN, "psql"), [
      ...["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-At", "-d", "postgres"],
      ...[
        "-c",
        "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND replay_lsn IS NOT NULL",
      ],
    ]).catch(() => ({ stdout: "0" }));
    if (Number(stdout.trim()) >= 1) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the standby did not stream (and report its replay position) within 30 s. Log:\n${(await readFile(log, "utf8").catch(() => "")).slice(-2000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
