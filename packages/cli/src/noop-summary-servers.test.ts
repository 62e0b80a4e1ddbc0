import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { SessionDialect } from "@athanor/core/dialect";
import { appliedDigest, BookkeepingSql } from "@athanor/core/runner";
import { mysqlSessionDialect } from "@athanor/mysql/session";
import { postgresSessionDialect } from "@athanor/postgres/session";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headerCachePath } from "./project/header-cache-path.js";
import { noopCachePath } from "./project/heads-cache-path.js";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { ok, tempDir } from "./testing/harness.js";
import { loadedModules } from "./testing/loaded-modules.js";
import { TEST_SERVERS } from "./testing/test-servers.js";

// A no-op `upgrade` on a server answered from the versions folder's no-op summary (no header
// loaded, no graph built), and never when something changed: a file, the revisions, the database.

beforeAll(() => buildCli(), 180_000);

/** The dialect's session part, as the CLI's no-op check opens it. */
const sessionDialect = (dialect: string, url: string): SessionDialect =>
  dialect === "mysql" ? mysqlSessionDialect({ url }) : postgresSessionDialect({ url });

/** Every field but the lock wait, which differs from run to run. */
const json = (stdout: string) => ({ ...JSON.parse(stdout), waitedForLockMs: 0 });

describe.each(TEST_SERVERS)("no-op upgrade from the summary on $name", ({ dialect, url, pkg }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ url, prefix: "noopsum" });
  });
  afterAll(async () => db?.dispose());

  it("answers as the full run does, and runs in full after an edit, a new revision or a revert", async () => {
    const project = tempDir();
    const env = { DATABASE_URL: db.url ?? "", XDG_CACHE_HOME: tempDir("athanor-noop-cache-") };
    await ok(project, ["init", "--dialect", dialect]);
    await ok(project, ["revision", "-m", "first", "--rev-id", "a1b2c3d4e5f6"]);
    await ok(project, ["revision", "-m", "second", "--rev-id", "b1b2c3d4e5f6"]);
    const versions = join(project, "migrations", "versions");
    const summaryFile = noopCachePath(versions, env) as string;
    const headerFile = headerCachePath(versions, env) as string;
    // written files are racy for 3 s: nothing is stored under their stamps until then (rewritten
    // now, so their stamps are fresh; asserted only when the run ended within the window, which a
    // loaded machine can exceed)
    const second = join(versions, "b1b2c3d4e5f6_second.ts");
    writeFileSync(second, readFileSync(second, "utf8"));
    const written = Date.now();
    expect((await spawnCli(project, ["upgrade"], env)).code).toBe(0);
    if (Date.now() - written < 3_000) expect(existsSync(summaryFile)).toBe(false);
    rmSync(summaryFile, { force: true });
    await sleep(3_100);
    const full = await spawnCli(project, ["upgrade", "head", "--json"], env);
    expect(full.code).toBe(0);
    expect(existsSync(summaryFile)).toBe(true);

    // answered from the summary: no header is loaded, so the removed header cache is not rewritten
    rmSync(headerFile);
    const hit = await spawnCli(project, ["upgrade", "head", "--json"], env);
    expect(hit.code).toBe(0);
    expect(json(hit.stdout)).toEqual(json(full.stdout));
    expect(existsSync(headerFile)).toBe(false);
    const text = await spawnCli(project, ["upgrade"], env);
    const uncached = await spawnCli(project, ["upgrade"], { ...env, ATHANOR_NO_CACHE: "1" });
    expect(text).toEqual(uncached);
    expect(text.stdout).toBe("Nothing to upgrade: the database is at b1b2c3d4e5f6.\n");
    expect(existsSync(headerFile)).toBe(false);
    // and from core's preflight entry alone: the runner, the planner, the graph and the header
    // loader are imported only when the summary does not answer (named by source module)
    const logged = await spawnCli(project, ["upgrade"], { ...env, NODE_DEBUG: "esm" });
    expect(logged.stdout).toBe(text.stdout);
    const modules = [...loadedModules(logged.stderr)];
    expect(modules).toContain("core/src/runner/noop-summary.ts");
    expect(
      modules.filter((m) =>
        /^core\/src\/(?:index|runner\/index|runner\/migrate|runner\/prepare-run|plan\/plan|graph\/revision-graph|revision\/load-revision-headers)\.ts$/.test(
          m,
        ),
      ),
    ).toEqual([]);
    expect(
      modules.filter((m) => /^cli\/src\/database\/(?:migration-body|revision-importer)\.ts$/.test(m)),
    ).toEqual([]);
    // and of the CLI, bin.js's no-op entry (one file): main.js, the command registry and the
    // full run's set-up are loaded only when the summary does not answer
    expect(modules).toContain("cli/src/noop-upgrade.ts");
    expect(
      modules.filter((m) =>
        /^cli\/src\/(?:main|commands\/(?:registry|upgrade)|database\/(?:run-migration|open-database-run))\.ts$/.test(
          m,
        ),
      ),
    ).toEqual([]);
    // and from the dialect's session part: its full module (renderer, differ hooks) only on a miss
    expect(modules).toContain(`${pkg}/src/session.ts`);
    expect(
      modules.filter((m) =>
        new RegExp(`^${pkg}/src/(?:renderer|dialect-module|differ-hooks|render/.*)\\.ts$`).test(m),
      ),
    ).toEqual([]);

    // a recorded checksum altered in the database, the files untouched: the summary does not
    // answer, and the run refuses it as the run without caches does
    const altered = await sessionDialect(dialect, db.url ?? "").connect();
    const setChecksum = (checksum: string) =>
      altered.query(
        `UPDATE athanor_version_history SET checksum = '${checksum}' WHERE revision = 'a1b2c3d4e5f6'`,
      );
    const { rows } = await altered.query<{ checksum: string }>(
      "SELECT checksum FROM athanor_version_history WHERE revision = 'a1b2c3d4e5f6' AND checksum IS NOT NULL",
    );
    await setChecksum("sha256:0000");
    const refused = await spawnCli(project, ["upgrade"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("ATHANOR_CHECKSUM_MISMATCH");
    expect(refused).toEqual(await spawnCli(project, ["upgrade"], { ...env, ATHANOR_NO_CACHE: "1" }));
    await setChecksum(rows[0]?.checksum ?? "");
    await altered.close();
    rmSync(headerFile, { force: true });
    expect(await spawnCli(project, ["upgrade"], env)).toEqual(text); // the summary answers again
    expect(existsSync(headerFile)).toBe(false);

    // the database behind the files: the summary does not answer, the revision is applied
    expect((await spawnCli(project, ["downgrade", "-1"], env)).code).toBe(0);
    const behind = await spawnCli(project, ["upgrade"], env);
    expect(behind.code).toBe(0);
    expect(behind.stdout).toContain("Upgraded 1 revision");

    // an applied revision edited in place, same size: its stamp changed, so the run is in full
    // and refuses it
    const file = join(versions, `a1b2c3d4e5f6_first.ts`);
    const source = readFileSync(file, "utf8");
    expect(source).toContain("first");
    writeFileSync(file, source.replace("first", "FIRST"));
    const edited = await spawnCli(project, ["upgrade"], env);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("ATHANOR_CHECKSUM_MISMATCH");
    writeFileSync(file, source);

    // a new revision: applied, not answered as a no-op
    await ok(project, ["revision", "-m", "third", "--rev-id", "c1b2c3d4e5f6"]);
    const added = await spawnCli(project, ["upgrade"], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("Upgraded 1 revision");

    // a summary file that is garbage is no answer: the run is in full and right
    writeFileSync(summaryFile, "garbage");
    const garbage = await spawnCli(project, ["upgrade"], env);
    expect(garbage.code).toBe(0);
    expect(garbage.stdout).toBe("Nothing to upgrade: the database is at c1b2c3d4e5f6.\n");
  }, 120_000);

  it("computes on the server the digest the summary holds: odd values, byte order, past GROUP_CONCAT's 1 MB", async () => {
    const sql = new BookkeepingSql(db.dialect, { name: "digest_probe" });
    const read = sql.selectNoopDigest() as string;
    const conn = await db.connect();
    try {
      for (const statement of sql.createTables()) await conn.query(statement);
      await conn.query(sql.insert("head"));
      const serverDigest = async (history: Record<string, string>) => {
        await conn.query(`DELETE FROM ${sql.historyTable}`);
        const rows = Object.entries(history).map(
          ([id, checksum]) =>
            `('r', ${db.dialect.quoteLiteral(id)}, 'upgrade', 'ok', ${db.dialect.quoteLiteral(checksum)})`,
        );
        await conn.query(
          `INSERT INTO ${sql.historyTable} (run_id, revision, direction, status, checksum) VALUES ${rows.join(", ")}`,
        );
        const found = (await conn.query<{ part: number | string; value: string }>(read)).rows;
        return found.find((row) => Number(row.part) === 3)?.value;
      };
      // joined as `id:checksum`, each pair gives the same text: "a':xb:y'" and "a:x,b':y"
      const colliding = [
        [{ "a'": "x", b: "y'" }, { "a'": "xb:y'" }],
        [{ a: "x", "b'": "y" }, { a: "x,b':y" }],
      ];
      // bytes, not the collation: "B" before "a", U+FF5E before U+1F600; a quote and a backslash
      const wide = { "\u{1F600}": "sha256:x", "\uFF5E": "sha256:y", B: "sha256:z", a: "sha256:'\\" };
      // 12,000 revisions: 1.3 MB of text, past MariaDB's default group_concat_max_len
      const long = Object.fromEntries(
        Array.from({ length: 12_000 }, (_, i) => [
          `r${String(i).padStart(12, "0")}`,
          `sha256:${"f".repeat(64)}`,
        ]),
      );
      for (const history of [...colliding.flat(), wide, long])
        expect(await serverDigest(history), Object.keys(history)[0]).toBe(appliedDigest(history));
      for (const [one, other] of colliding) expect(appliedDigest(one)).not.toBe(appliedDigest(other));
    } finally {
      await conn.close();
    }
  }, 60_000);

  it("waits on a summary hit for another session's migration lock, reports it, and times out coded", async () => {
    const locked = await createTestDatabase({ url, prefix: "noopslk" });
    try {
      const project = tempDir();
      const env = { DATABASE_URL: locked.url ?? "", XDG_CACHE_HOME: tempDir("athanor-noop-cache-") };
      await ok(project, ["init", "--dialect", dialect]);
      await ok(project, ["revision", "-m", "first", "--rev-id", "a1b2c3d4e5f6"]);
      await sleep(3_100); // past the racy window: this upgrade stores the summary
      expect((await spawnCli(project, ["upgrade"], env)).code).toBe(0);
      expect(existsSync(noopCachePath(join(project, "migrations", "versions"), env) as string)).toBe(true);

      const holder = sessionDialect(dialect, locked.url ?? "");
      const conn = await holder.connect();
      const key = "athanor:.athanor_version";
      await holder.acquireLock(conn, key, { timeoutMs: 5_000, pollMs: 50 });
      try {
        const waited = await spawnCli(project, ["upgrade", "--lock-timeout", "1"], {
          ...env,
          NODE_DEBUG: "esm",
        });
        expect(waited.code).toBe(1);
        expect(waited.stdout).toBe("");
        expect(waited.stderr).toContain("waiting for the migration lock held by");
        expect(waited.stderr).toContain("ATHANOR_LOCK_TIMEOUT");
        // on the session path: the summary answered, so nothing of the full dialect module loaded
        const modules = [...loadedModules(waited.stderr)];
        expect(modules).toContain(`${pkg}/src/session.ts`);
        expect(modules.filter((m) => m === `${pkg}/src/renderer.ts`)).toEqual([]);
      } finally {
        await holder.releaseLock(conn, key);
        await conn.close();
      }
      const free = await spawnCli(project, ["upgrade"], env);
      expect(free.code).toBe(0);
      expect(free.stdout).toBe("Nothing to upgrade: the database is at a1b2c3d4e5f6.\n");

      // the history table gone: the summary's one read fails, and the full run reports the damage
      const dropper = await holder.connect();
      await dropper.query("DROP TABLE athanor_version_history");
      await dropper.close();
      const damaged = await spawnCli(project, ["upgrade"], env);
      expect(damaged.code).toBe(1);
      expect(damaged.stderr).toContain("ATHANOR_BOOKKEEPING_DAMAGED");
    } finally {
      await locked.dispose();
    }
  }, 60_000);
});
