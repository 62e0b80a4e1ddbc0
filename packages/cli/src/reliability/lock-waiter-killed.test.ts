import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";
import { buildBin, startBin } from "./bin-process.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// Issue 14 items 9 and 10: the server ends the session of a runner that is waiting for the
// migration lock (pg_terminate_backend, MariaDB KILL). The waiter must end with a coded error in
// its JSON document — not a driver TypeError, not ATHANOR_INTERNAL — and the holder finishes.
const SLEEP = { postgresql: "SELECT pg_sleep(4)", mysql: "SELECT SLEEP(4)" } as const;

beforeAll(() => buildBin(), 300_000);

describe.each(["postgresql", "mysql"] as const)("%s", (dialect) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await scratchDatabase(dialect, "waiter");
  }, 60_000);
  afterAll(() => db?.dispose());

  it("a waiter whose session is killed reports a coded connection error", async () => {
    await db.reset();
    const dir = tempDir("athanor-waiter-");
    await ok(dir, ["init", "--dialect", dialect]);
    await ok(dir, ["revision", "-m", "slow", "--rev-id", "a1"]);
    setBody(
      dir,
      "a1",
      `op.execute("CREATE TABLE slow (id int)"); op.execute(${JSON.stringify(SLEEP[dialect])})`,
      'op.execute("DROP TABLE slow")',
    );
    const env = { DATABASE_URL: db.url };
    const holder = startBin(dir, ["upgrade", "--json"], env, 60_000);
    const holderSession = await newSession(db, []);
    const waiter = startBin(dir, ["upgrade", "--json", "--lock-timeout", "30"], env, 60_000);
    const waiterSession = await newSession(db, [holderSession]);
    await new Promise((resolve) => setTimeout(resolve, 300)); // it is polling for the lock now
    await db.killSession(waiterSession);

    const waited = await waiter.exited;
    expect(waited.signal).toBeNull();
    expect(waited.code, waited.stdout + waited.stderr).toBe(1);
    const error = JSON.parse(waited.stdout).error;
    expect(error.code).toBe("ATHANOR_CONNECTION_FAILED");
    expect(waited.stderr).not.toMatch(/TypeError|^\s+at /m);

    const held = await holder.exited;
    expect(held.code, held.stdout + held.stderr).toBe(0);
    expect(await db.versionRows()).toEqual(["a1"]);
  }, 90_000);
});

/** Waits for a session that is not in `known` and returns its id. */
async function newSession(db: ScratchDatabase, known: readonly number[]): Promise<number> {
  for (let i = 0; i < 300; i++) {
    const fresh = (await db.otherSessions()).filter((id) => !known.includes(id));
    if (fresh.length > 0) return fresh[0] as number;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("no new session appeared within 15 s");
}
