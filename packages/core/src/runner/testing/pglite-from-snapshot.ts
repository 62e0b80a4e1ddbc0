import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";

// A new in-memory PGlite runs initdb in WebAssembly: ~8 s of CPU on CI's 2-core machine, paid by
// every test file that opens one. Loading the data folder a first initdb left (`loadDataDir`, its
// tarball kept under the package's node_modules/.cache, keyed by PGlite's version and engine file
// sizes) starts the same fresh cluster in ~2 s. @athanor/postgres does the same for users
// (pglite-initdb-snapshot.ts, proven by pglite-start.test.ts); core cannot import it.

const CACHE = fileURLToPath(new URL("../../../node_modules/.cache/pglite-initdb", import.meta.url));

/**
 * A fresh in-memory PGlite, ready: started from the kept initdb tarball, or by initdb (which then
 * keeps one) when there is none yet.
 *
 * @example
 * ```ts
 * beforeAll(async () => { db = await freshPglite(); }, 60_000);
 * ```
 */
export async function freshPglite(): Promise<PGlite> {
  const file = snapshotFile();
  const tar = readTar(file);
  if (tar !== undefined) {
    try {
      const db = new PGlite("memory://", { loadDataDir: asBlob(tar) });
      await db.waitReady;
      return db;
    } catch {}
  }
  const db = new PGlite();
  await db.waitReady;
  try {
    // CHECKPOINT first: the tarball then starts without replaying WAL
    await db.exec("CHECKPOINT");
    const dumped = new Uint8Array(await (await db.dumpDataDir("none")).arrayBuffer());
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, dumped);
    renameSync(partial, file); // whole or absent for the files running beside this one
  } catch {}
  return db;
}

function snapshotFile(): string {
  const dist = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  const { version } = JSON.parse(readFileSync(join(dist, "..", "package.json"), "utf8")) as {
    version: string;
  };
  const sizes = ["pglite.wasm", "initdb.wasm", "pglite.data"].map((f) => statSync(join(dist, f)).size);
  return join(CACHE, `${version}-${sizes.join("-")}.tar`);
}

function readTar(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

// PGlite reads `type` and `arrayBuffer()` of it; Node 20's Blob would copy 40 MB in small chunks
function asBlob(tar: Buffer): Blob {
  const bytes = tar.buffer.slice(tar.byteOffset, tar.byteOffset + tar.byteLength);
  return {
    type: "application/x-tar",
    size: tar.byteLength,
    arrayBuffer: async () => bytes,
  } as unknown as Blob;
}
