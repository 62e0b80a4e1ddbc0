import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineRevision, downgrade, isAthanorError, type RevisionDefinition, upgrade } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { d1Dialect } from "./d1-dialect.js";
import { openMiniflareD1 } from "./d1-throwaway.js";
import { introspectSqlite } from "./introspector.js";

// Cloudflare D1 through miniflare 3: BEGIN is refused, every statement commits by itself, a batch
// is the only transaction, and PRAGMA foreign_keys = OFF is ignored.
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-d1-"));
const opened: { dispose(): Promise<void> }[] = [];
afterAll(async () => {
  for (const mf of opened) await mf.dispose();
  rmSync(folder, { recursive: true, force: true });
});

async function freshD1(name: string, options: { lockLeaseMs?: number } = {}) {
  const mf = await openMiniflareD1(join(folder, name));
  opened.push(mf);
  return { database: mf.database, dialect: d1Dialect({ database: mf.database, ...options }) };
}

const base = defineRevision({
  id: "f1",
  parents: [],
  upgrade: (op) =>
    op.createTable("f_base", {
      columns: [{ name: "id", type: "integer", nullable: false }],
      primaryKey: ["id"],
    }),
  downgrade: (op) => op.dropTable("f_base"),
});
const broken = (fixed: boolean): RevisionDefinition =>
  defineRevision({
    id: "f2",
    parents: ["f1"],
    upgrade: (op) => {
      // the fix changes only the failing statement: a resume refuses done statements that changed
      op.execute("CREATE TABLE f_one (id integer)");
      op.execute("CREATE TABLE f_two (id integer)");
      op.execute(fixed ? "CREATE TABLE f_three (id integer)" : "INSERT INTO no_such_table VALUES (1)");
    },
    downgrade: (op) => {
      op.execute("DROP TABLE f_three");
      op.execute("DROP TABLE f_two");
      op.execute("DROP TABLE f_one");
    },
  });

describe("SQLite on Cloudflare D1 (miniflare 3)", () => {
  test("upgrade and downgrade record the version and history rows; the runner's BEGIN … COMMIT reach D1 (which refuses BEGIN) as batches", async () => {
    const { database, dialect } = await freshD1("roundtrip");
    const sent: string[] = [];
    const up = await upgrade({ dialect, revisions: [base, broken(true)] }, "heads", {
      onStatement: (sql) => sent.push(sql),
    });
    expect(up.error, String(up.error?.message)).toBeUndefined();
    expect(up.heads.after).toEqual(["f2"]);
    const history = await database
      .prepare("SELECT revision, status FROM athanor_version_history ORDER BY id")
      .all<{ revision: string; status: string }>();
    expect(history.results?.map((r) => [r.revision, r.status])).toEqual([
      ["f1", "ok"],
      ["f2", "ok"],
    ]);
    // the runner's BEGIN/COMMIT are collected into batches by the session, not sent as SQL
    expect(sent.some((s) => /^BEGIN/i.test(s))).toBe(true);
    const down = await downgrade({ dialect, revisions: [base, broken(true)] }, "base");
    expect(down.error, String(down.error?.message)).toBeUndefined();
    const conn = await dialect.connect();
    expect((await introspectSqlite(conn, { versionTable: "athanor_version" })).tables).toEqual([]);
  });

  test("a revision whose third statement fails is recorded partial (D1 cannot roll back DDL), refused until resolved, then completes", async () => {
    const { database, dialect } = await freshD1("partial");
    const run = await upgrade({ dialect, revisions: [base, broken(false)] }, "heads");
    const failed = run.results.find((r) => r.revision === "f2");
    expect(failed?.status).toBe("partial");
    expect(failed?.statements).toBe(2);
    expect(run.error?.code).toBe("ATHANOR_MIGRATION_FAILED");
    expect(run.error?.message).toContain("statement #2");
    expect(run.heads.after).toEqual(["f1"]);
    const tables = await database
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'f\\_%' ESCAPE '\\' ORDER BY 1",
      )
      .all<{ name: string }>();
    expect(tables.results?.map((r) => r.name)).toEqual(["f_base", "f_one", "f_two"]);
    const history = await database
      .prepare("SELECT revision, status, statement_index FROM athanor_version_history ORDER BY id")
      .all<{ revision: string; status: string; statement_index: number }>();
    expect(history.results?.at(-1)).toMatchObject({ revision: "f2", status: "partial", statement_index: 2 });

    const refused = await upgrade({ dialect, revisions: [base, broken(true)] }, "heads").catch(
      (e: unknown) => e,
    );
    expect(isAthanorError(refused) && refused.code).toBe("ATHANOR_PARTIAL_REVISION");

    // --resume continues after the two statements that committed
    const resumed = await upgrade({ dialect, revisions: [base, broken(true)] }, "heads", { resume: true });
    expect(resumed.error, String(resumed.error?.message)).toBeUndefined();
    expect(resumed.heads.after).toEqual(["f2"]);
    const after = await database
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'f\\_%' ESCAPE '\\' ORDER BY 1",
      )
      .all<{ name: string }>();
    expect(after.results?.map((r) => r.name)).toEqual(["f_base", "f_one", "f_three", "f_two"]);
  });

  test("the lock row: a second run times out naming the holder; a holder that stops renewing frees it when its lease ends", async () => {
    // a lease of 2 s renewed every 667 ms, and a waiter that gives up after 3 s: b outlives one
    // lease, so only the renewals keep it out. (A 600 ms lease failed once at load ~25: a renewal
    // through the D1 engine's process took longer than the lease, and b took the lock.)
    const { dialect } = await freshD1("lock", { lockLeaseMs: 2000 });
    const key = "athanor:.athanor_version";
    const a = await dialect.connect();
    const b = await dialect.connect();
    await dialect.acquireLock(a, key, { timeoutMs: 5000, pollMs: 25 });
    const holder = await dialect.lockHolder?.(b, key);
    expect(holder?.pid).toBe(process.pid);
    const error = await dialect.acquireLock(b, key, { timeoutMs: 3000, pollMs: 50 }).catch((e: unknown) => e);
    // a is alive and renews its lease: b never gets it
    expect(isAthanorError(error) ? [error.code, error.meta.holderPid] : error).toEqual([
      "ATHANOR_LOCK_TIMEOUT",
      process.pid,
    ]);
    await dialect.releaseLock(a, key);
    // released: taken at the first attempt (a few D1 round trips, no poll)
    expect((await dialect.acquireLock(b, key, { timeoutMs: 5000, pollMs: 4000 })).waitedMs).toBeLessThan(
      4000,
    );
    await dialect.releaseLock(b, key);

    // a holder that died: its row stays, unrenewed, until the lease ends (measured from the
    // insert; 3 s, since at load ~25 the insert and the holder lookup through the D1 engine's
    // process took over 500 ms, and the lookup then rightly found no live holder)
    const leaseEnds = Date.now() + 3000;
    await a.query(
      "INSERT INTO athanor_lock (key, host, pid, os_user, acquired_at, statement, owner, expires_at) VALUES (?, 'gone-host', 1, NULL, ?, NULL, 'dead', ?)",
      [key, new Date().toISOString(), new Date(leaseEnds).toISOString()],
    );
    expect((await dialect.lockHolder?.(b, key))?.clientAddr).toBe("gone-host");
    await dialect.acquireLock(b, key, { timeoutMs: 8000, pollMs: 50 });
    expect(Date.now()).toBeGreaterThanOrEqual(leaseEnds);
    await dialect.releaseLock(b, key);
  });
});
