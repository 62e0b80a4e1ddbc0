import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";
import { buildBin, startBin } from "./bin-process.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// Issue 14 items 9 and 10: the server ends the session of a runner that is waiting for the
// migration lock (pg_terminate_backend, MariaDB KILL). The waiter must end with a coded error in
// its JSON document — not a driver TypeError, not ATHANOR_INTERNAL — and the holder finishes.
// The holder holds the migration lock until the test lets it go: its revision waits for a lock
// the test holds (a gate), so neither a fixed sleep nor the machine's load decides whether the
// waiter is killed while the holder still has the migration lock.
const GATE = {
  postgresql: {
    hold: "SELECT pg_advisory_lock(424242)",
    wait: "SELECT pg_advisory_xact_lock(424242)",
    release: "SELECT pg_advisory_unlock(424242)",
  },
  mysql: { hold: "SELECT GET_LOCK(?, 0)", wait: "DO GET_LOCK(?, 120)", release: "SELECT RELEASE_LOCK(?)" },
} as const;

beforeAll(() => buildBin(), 300_000);

describe.each(["postgresql", "mysql"] as const)("%s", (dialect) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await scratchDatabase(dialect, "waiter");
  }, 60_000);
  afterAll(() => db?.dispose());

  it("a waiter whose session is killed reports a coded connection error", async () => {
    await db.reset();
    // GET_LOCK names are server-wide: this database's name keeps the gate its own
    const gateName = `athanor-test-gate-${db.name}`;
    const gate = (sql: string) => (dialect === "mysql" ? sql.replace("?", `'${gateName}'`) : sql);
    const dir = tempDir("athanor-waiter-");
    await ok(dir, ["init", "--dialect", dialect]);
    await ok(dir, ["revision", "-m", "slow", "--rev-id", "a1"]);
    setBody(
      dir,
      "a1",
      `op.execute("CREATE TABLE slow (id int)"); op.execute(${JSON.stringify(gate(GATE[dialect].wait))})`,
      'op.execute("DROP TABLE slow")',
    );
    const env = { DATABASE_URL: db.url };
    await db.query(gate(GATE[dialect].hold));
    let released = false;
    const release = async () => {
      if (!released) await db.query(gate(GATE[dialect].release));
      released = true;
    };
    try {
      const holder = startBin(dir, ["upgrade", "--json"], env, 60_000);
      // the holder runs its revision, so it holds the migration lock, and waits at the gate
      const holderSession = await sessionAtGate(db);
      const waiter = startBin(dir, ["upgrade", "--json", "--lock-timeout", "30"], env, 60_000);
      // the waiter found the lock taken and polls for it now
      expect(await waiter.stderrShows("waiting for the migration lock")).toBe(true);
      const waiterSession = await newSession(db, [holderSession]);
      await db.killSession(waiterSession);

      const waited = await waiter.exited;
      expect(waited.signal).toBeNull();
      expect(waited.code, waited.stdout + waited.stderr).toBe(1);
      const error = JSON.parse(waited.stdout).error;
      expect(error.code).toBe("ATHANOR_CONNECTION_FAILED");
      expect(waited.stderr).not.toMatch(/TypeError|^\s+at /m);

      await release();
      const held = await holder.exited;
      expect(held.code, held.stdout + held.stderr).toBe(0);
      expect(await db.versionRows()).toEqual(["a1"]);
    } finally {
      await release();
    }
  }, 90_000);
});

/** Waits for a session of `db` that waits for the test's gate lock and returns its id. */
async function sessionAtGate(db: ScratchDatabase): Promise<number> {
  for (let i = 0; i < 600; i++) {
    const rows = await db.query<{ id: number | string }>(
      db.dialect === "postgresql"
        ? "SELECT pid AS id FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
        : "SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID() AND state = 'User lock'",
      [db.name],
    );
    if (rows[0] !== undefined) return Number(rows[0].id);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("no session waited at the gate within 30 s");
}

/** Waits for a session that is not in `known` and returns its id. */
async function newSession(db: ScratchDatabase, known: readonly number[]): Promise<number> {
  for (let i = 0; i < 300; i++) {
    const fresh = (await db.otherSessions()).filter((id) => !known.includes(id));
    if (fresh.length > 0) return fresh[0] as number;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("no new session appeared within 15 s");
}
