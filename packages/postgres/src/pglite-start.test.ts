import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import type { PGliteClient } from "./client-types.js";
import { isCompleteTar } from "./complete-tar.js";
import {
  cachedInitdbSnapshot,
  clearInitdbSnapshotMemo,
  forgetInitdbSnapshot,
  keepInitdbSnapshot,
  snapshotPath,
} from "./pglite-initdb-snapshot.js";
import { type PGliteClass, startPglite } from "./pglite-start.js";

// Every empty start after the first loads a cached initdb snapshot instead of running initdb:
// these tests prove such a start is the same database a fresh initdb gives, that the cache is
// private and self-healing, and that a folder with a database is never touched.

const home = mkdtempSync(join(tmpdir(), "athanor-pglite-start-"));
const saved = { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, ATHANOR_NO_CACHE: process.env.ATHANOR_NO_CACHE };
process.env.XDG_CACHE_HOME = join(home, "cache");
delete process.env.ATHANOR_NO_CACHE;
afterAll(() => {
  // CI runs the next PGlite file in this worker (vitest.pglite.config.ts): it starts as a new
  // process would, from the user's cache, not from this file's memo of its private one
  clearInitdbSnapshotMemo();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(home, { recursive: true, force: true });
});

const Lite = PGlite as unknown as PGliteClass;
const snapshot = () => snapshotPath() as string;
beforeEach(() => forgetInitdbSnapshot());

/** The first snapshot initdb made in this file (an initdb costs ~8 s of CPU; most tests need one). */
let made: Buffer | undefined;

/**
 * A snapshot in the cache file and none in memory, as an earlier process leaves it: initdb's
 * snapshot the first time, the same bytes written back after that.
 */
async function snapshotInCache(): Promise<void> {
  if (made === undefined) {
    await (await startPglite(Lite, undefined)).close();
    made = readFileSync(snapshot());
  } else {
    mkdirSync(dirname(snapshot()), { recursive: true, mode: 0o700 });
    writeFileSync(snapshot(), made, { mode: 0o600 });
  }
  clearInitdbSnapshotMemo();
}

// What a fresh cluster holds that a migration can observe: catalogue contents, settings, roles.
async function describeCluster(db: PGliteClient) {
  const one = async (sql: string) => (await db.query<Record<string, unknown>>(sql)).rows;
  return {
    who: await one(
      "SELECT current_user, current_database(), current_schema(), current_setting('server_encoding') AS enc, current_setting('TimeZone') AS tz",
    ),
    databases: await one("SELECT datname, datcollate, datctype FROM pg_database ORDER BY datname"),
    relations: await one(
      "SELECT n.nspname, count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace GROUP BY 1 ORDER BY 1",
    ),
    roles: await one("SELECT rolname, rolsuper FROM pg_roles ORDER BY rolname"),
    extensions: await one("SELECT extname FROM pg_extension ORDER BY extname"),
    buffers: await one("SELECT current_setting('shared_buffers') AS sb"),
  };
}

async function usable(db: PGliteClient) {
  await db.exec("CREATE TABLE t (id serial PRIMARY KEY, v text); INSERT INTO t (v) VALUES ('a'), ('b')");
  return (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM t")).rows[0]?.n;
}

describe("startPglite: the initdb snapshot", () => {
  test("the first empty start runs initdb and keeps a private snapshot; the next is the same cluster", async () => {
    expect(existsSync(snapshot())).toBe(false);
    const first = await startPglite(Lite, undefined);
    const viaInitdb = await describeCluster(first);
    await first.close();
    const file = statSync(snapshot());
    expect(file.mode & 0o777).toBe(0o600);
    expect(statSync(join(process.env.XDG_CACHE_HOME as string, "athanor")).mode & 0o777).toBe(0o700);

    made ??= readFileSync(snapshot());
    // a new process: nothing in memory, the file is read
    clearInitdbSnapshotMemo();
    const second = await startPglite(Lite, undefined);
    expect(await describeCluster(second)).toEqual(viaInitdb);
    expect(viaInitdb.buffers).toEqual([{ sb: "16MB" }]);
    expect(await usable(second)).toBe(2);
    await second.close();
    // the snapshot is not rewritten by a start that used it
    expect(statSync(snapshot()).mtimeMs).toBe(file.mtimeMs);
  }, 180_000);

  test("a new data folder starts from the snapshot and keeps its data; an existing one is opened as it is", async () => {
    await snapshotInCache();
    const dataDir = join(home, "folder");
    const db = await startPglite(Lite, dataDir);
    expect(await usable(db)).toBe(2);
    await db.close();
    expect(readFileSync(join(dataDir, "PG_VERSION"), "utf8").trim()).toMatch(/^\d+$/);
    const again = await startPglite(Lite, dataDir);
    expect((await again.query<{ n: number }>("SELECT count(*)::int AS n FROM t")).rows).toEqual([{ n: 2 }]);
    await again.close();
  }, 180_000);

  test("a snapshot file others can write is never loaded; the next snapshot replaces it", async () => {
    writeFileSync(snapshot(), "planted", { mode: 0o600 });
    chmodSync(snapshot(), 0o666);
    clearInitdbSnapshotMemo();
    const db = await startPglite(Lite, undefined);
    expect(await usable(db)).toBe(2);
    await db.close();
    expect(statSync(snapshot()).size).toBeGreaterThan(1_000_000);
    expect(statSync(snapshot()).mode & 0o777).toBe(0o600);
  }, 180_000);

  test("ATHANOR_NO_CACHE=1: no cache file is named, so none is read or written", () => {
    process.env.ATHANOR_NO_CACHE = "1";
    try {
      expect(snapshotPath()).toBeUndefined();
      rmSync(join(process.env.XDG_CACHE_HOME as string, "athanor"), { recursive: true, force: true });
      keepInitdbSnapshot(new Uint8Array(1024));
    } finally {
      delete process.env.ATHANOR_NO_CACHE;
    }
    expect(existsSync(join(process.env.XDG_CACHE_HOME as string, "athanor"))).toBe(false);
  });

  test("a relative XDG_CACHE_HOME is ignored (the XDG rule): the snapshot goes under ~/.cache", () => {
    const path = snapshotPath({ XDG_CACHE_HOME: "relative-cache" });
    expect(path).toBe(join(homedir(), ".cache", "athanor", basename(path ?? "")));
    expect(path).toMatch(/pglite-initdb-[^/]+\.tar$/);
  });
});

describe("isCompleteTar: what is loaded is a whole tarball", () => {
  test("a real snapshot passes; any cut, any changed header byte or any trailing byte fails", async () => {
    await snapshotInCache();
    const tar = new Uint8Array(readFileSync(snapshot()));
    expect(isCompleteTar(tar)).toBe(true);
    const blocks = tar.byteLength / 512;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: blocks - 1 }),
        (keep) => !isCompleteTar(tar.subarray(0, keep * 512)),
      ),
    );
    expect(isCompleteTar(new Uint8Array([...tar.subarray(0, 1024), 1]))).toBe(false);
    const withExtra = new Uint8Array(tar.byteLength + 512);
    withExtra.set(tar);
    expect(isCompleteTar(withExtra)).toBe(false);
    // a header byte changed: its checksum no longer holds
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 511 }), fc.integer({ min: 1, max: 255 }), (i, delta) => {
        const copy = tar.slice(0, 4096);
        copy[i] = ((copy[i] as number) + delta) % 256;
        return !isCompleteTar(copy);
      }),
    );
  }, 180_000);

  test("a cut or garbage snapshot in the cache is never loaded: the start runs initdb and replaces it", async () => {
    await snapshotInCache();
    const tar = readFileSync(snapshot());
    writeFileSync(snapshot(), tar.subarray(0, Math.floor(tar.byteLength / 1024) * 512), { mode: 0o600 });
    clearInitdbSnapshotMemo();
    expect(await cachedInitdbSnapshot()).toBeUndefined();
    expect(existsSync(snapshot())).toBe(false);
    writeFileSync(snapshot(), "not a tarball", { mode: 0o600 });
    clearInitdbSnapshotMemo();
    const db = await startPglite(Lite, join(home, "after-damage"));
    expect(await usable(db)).toBe(2);
    await db.close();
    expect(isCompleteTar(readFileSync(snapshot()))).toBe(true);
  }, 180_000);
});
