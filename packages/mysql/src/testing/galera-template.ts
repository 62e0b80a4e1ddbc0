import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freeLocalPort } from "@athanor/core/testing";
import {
  GALERA_PROVIDER,
  type NodeSpec,
  nodeTmpdir,
  spawnGaleraNode,
  stopChild,
  waitSynced,
} from "./galera-node.js";

const run = promisify(execFile);

// Bump when the template's making changes (options, contents), so old caches are not reused.
const TEMPLATE_FORMAT = 1;
const READY = "athanor-template-ready";

/**
 * A Galera data folder every test node starts from, made once per machine and cached under the
 * OS temporary folder (keyed on the server's and the provider's versions and the user).
 *
 * Why it makes a cluster start fast: the template is a one-node cluster that was bootstrapped and
 * shut down cleanly, so its `grastate.dat` and InnoDB agree on one cluster id and position. Copies
 * of it all hold that state: node 1 bootstraps from it (keeping the id), and the joiners miss only
 * the joins' own events, an incremental transfer, so no full state transfer runs. Without it every
 * start ran `mariadb-install-db` and two rsync transfers one after the other (~55 s on the loaded
 * 2-core box; ~14 s with it).
 *
 * @example
 * ```ts
 * const template = await galeraTemplate();
 * await run("cp", ["-a", `${template}/.`, nodeDir]);
 * ```
 */
export async function galeraTemplate(): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const path = join(tmpdir(), `athanor-galera-template-${await templateKey(asRoot)}`);
  if (existsSync(join(path, READY))) return path;
  // Made beside its final place and renamed in: two test files racing both make one, the second
  // rename fails, and that one uses the first.
  const work = await mkdtemp(`${path}.making-`);
  try {
    await makeTemplate(work, asRoot);
    await writeFile(join(work, "data", READY), `${new Date().toISOString()}\n`);
    await rename(join(work, "data"), path).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(join(path, READY))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return path;
}

async function templateKey(asRoot: boolean): Promise<string> {
  const { stdout: server } = await run("mariadbd", ["--version"]);
  const provider = await stat(GALERA_PROVIDER);
  return createHash("sha256")
    .update(`${TEMPLATE_FORMAT}\n${server}\n${provider.size}:${provider.mtimeMs}\n${asRoot}`)
    .digest("hex")
    .slice(0, 16);
}

async function makeTemplate(work: string, asRoot: boolean): Promise<void> {
  const dir = join(work, "data");
  await mkdir(dir);
  if (asRoot) {
    const owner = await mysqlIds();
    await chown(work, owner.uid, owner.gid);
    await chown(dir, owner.uid, owner.gid);
  }
  await run("mariadb-install-db", [
    "--no-defaults",
    `--datadir=${dir}`,
    // its bootstrap server clears `#sql*` files in its tmpdir too: not the main server's /tmp
    `--tmpdir=${nodeTmpdir(dir)}`,
    ...(asRoot ? ["--user=mysql"] : []),
    "--auth-root-authentication-method=normal",
    "--skip-test-db",
  ]);
  const ports = {
    client: await freeLocalPort(),
    group: await freeLocalPort(),
    ist: await freeLocalPort(),
  };
  const spec: NodeSpec = {
    name: "template",
    dir,
    ports,
    clusterAddress: "gcomm://",
    bootstrap: true,
    asRoot,
  };
  const child = spawnGaleraNode(spec);
  try {
    await waitSynced(spec, 1);
  } finally {
    await stopChild(child);
  }
  const state = await readFile(join(dir, "grastate.dat"), "utf8");
  if (!/^seqno:\s+\d+/m.test(state) || !/^safe_to_bootstrap:\s+1/m.test(state)) {
    throw new Error(`The Galera template node did not save its position on shutdown:\n${state}`);
  }
}

/** The uid and gid of the `mysql` user, which runs mariadbd when the tests run as root. */
export async function mysqlIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run("id", ["-u", "mysql"]);
  const { stdout: gid } = await run("id", ["-g", "mysql"]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
