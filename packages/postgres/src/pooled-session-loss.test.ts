import { current, type Dialect, defineRevision, isAthanorError, upgrade } from "@athanor/core";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { PostgresJsClient } from "./client-types.js";
import { postgresDialect } from "./postgres-dialect.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

// The runner on the application's own postgres.js pool (`postgresDialect({ client })`, as an app
// migrating at start-up passes it): the server ends the session the runner reserved in the middle
// of a revision. The run must end in a coded error (never a raw driver error, never an unsettled
// query — node exits 13 with nothing printed), the recorded state must say the revision is not
// applied and its work rolled back, and the pool must serve the next run, which completes.
let db: TestServerDatabase;
let admin: postgres.Sql;
let probe: postgres.Sql;
let pool: postgres.Sql;
let dialect: Dialect;
beforeAll(async () => {
  db = await createTestDatabase("pooled_loss");
  admin = postgres(db.url, { max: 1, onnotice: () => {} });
  probe = postgres(db.url, { max: 1, onnotice: () => {}, connection: { application_name: "probe" } });
}, 60_000);
afterAll(async () => {
  await admin?.end();
  await probe?.end();
  await pool?.end({ timeout: 5 });
  await db?.drop();
});
beforeEach(async () => {
  await pool?.end({ timeout: 5 });
  await admin.unsafe(
    "DROP TABLE IF EXISTS held, made_by_r2, r1_table, athanor_version, athanor_version_history, athanor_version_backfill",
  );
  await admin.unsafe("CREATE TABLE held (id int PRIMARY KEY, v int)");
  await admin.unsafe("INSERT INTO held (id) VALUES (1), (2), (9)");
  pool = postgres(db.url, { max: 4, onnotice: () => {} });
  dialect = postgresDialect({ client: pool as unknown as PostgresJsClient });
});

/** The sessions of this database besides the admin's (the pool's). */
async function poolSessions(): Promise<number[]> {
  const rows = await admin.unsafe<{ pid: number }[]>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'probe' AND backend_type = 'client backend'",
  );
  return rows.map((r) => r.pid);
}

const r1 = defineRevision({
  id: "r1",
  parents: [],
  message: "r1",
  upgrade: (op) => op.execute("CREATE TABLE r1_table (id int)"),
  downgrade: (op) => op.execute("DROP TABLE r1_table"),
});

/** r2: a table, then an INSERT into `held`, which waits while another session locks it. */
const r2 = defineRevision({
  id: "r2",
  parents: ["r1"],
  message: "r2",
  upgrade: (op) => {
    op.execute("CREATE TABLE made_by_r2 (id int)");
    op.execute("UPDATE held SET v = NULL WHERE id = 9");
  },
  downgrade: (op) => op.execute("DROP TABLE made_by_r2"),
});

/** What the run ended with: its error's code (thrown or in the result), else "no error". */
async function failure(run: Promise<{ readonly error?: { code: string; message: string } | undefined }>) {
  try {
    const result = await run;
    return result.error ?? { code: "no error", message: "" };
  } catch (error) {
    if (isAthanorError(error)) return { code: error.code, message: error.message };
    return { code: `raw ${String((error as { code?: unknown }).code)}`, message: String(error) };
  }
}

/** The recorded state is what the database holds; the same pool then finishes the run. */
async function expectTruthAndResume(partial: boolean, second = r2): Promise<void> {
  const REVISIONS = () => [r1, second];
  const state = await current({ dialect, revisions: REVISIONS() });
  expect(state.heads, "the version table: r2 not applied").toEqual(["r1"]);
  expect(state.partial, "a partial run of r2 exactly when one committed").toEqual(partial ? ["r2"] : []);
  const made = await admin.unsafe("SELECT to_regclass('made_by_r2')::text AS t");
  // before the backfill's commit point r2's table is rolled back with the open transaction
  expect(made[0]?.t ?? null, "r2's table exactly when its partial run says so").toBe(
    partial ? "made_by_r2" : null,
  );
  const next = await upgrade({ dialect, revisions: REVISIONS() }, "heads", { resume: partial });
  expect(next.error, "the next run completes on the same pool").toBeUndefined();
  expect(next.results.map((a) => a.revision)).toEqual(["r2"]);
  expect(await admin.unsafe("SELECT id, v FROM held ORDER BY id")).toEqual(
    partial
      ? [
          { id: 1, v: 1 },
          { id: 2, v: 1 },
          { id: 9, v: null },
        ]
      : [
          { id: 1, v: null },
          { id: 2, v: null },
          { id: 9, v: null },
        ],
  );
}

describe("the runner on an application's postgres.js pool loses its session", () => {
  test("pg_terminate_backend while a statement of r2 waits: a coded error, the truth recorded, the pool runs the rest", async () => {
    expect((await upgrade({ dialect, revisions: [r1] }, "heads")).error).toBeUndefined();
    await admin.unsafe("BEGIN");
    await admin.unsafe("LOCK TABLE held IN ACCESS EXCLUSIVE MODE");
    const run = failure(upgrade({ dialect, revisions: [r1, r2] }, "heads"));
    // aimed by the server's lock table, not timing: the runner's INSERT waits on `held`
    let waiting: number | undefined;
    while (waiting === undefined) {
      const rows = await probe.unsafe<{ pid: number }[]>(
        "SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'held'::regclass",
      );
      waiting = rows[0]?.pid;
    }
    await probe.unsafe(`SELECT pg_terminate_backend(${waiting})`);
    await admin.unsafe("ROLLBACK");
    const { code, message } = await run;
    expect(["ATHANOR_MIGRATION_FAILED", "ATHANOR_CONNECTION_FAILED"], message).toContain(code);
    if (code === "ATHANOR_MIGRATION_FAILED") expect(message).toMatch(/r2/);
    await expectTruthAndResume(false);
  });

  test("pg_terminate_backend of the reserved session while it is idle in a backfill: a coded error, the truth recorded, the pool runs the rest", async () => {
    expect((await upgrade({ dialect, revisions: [r1] }, "heads")).error).toBeUndefined();
    let ended = false;
    // a compute backfill's callback runs here between the batch's SELECT and its UPDATE: the session idles
    const ending = defineRevision({
      ...r2,
      upgrade: async (op) => {
        op.execute("CREATE TABLE made_by_r2 (id int)");
        await op.backfill({
          table: "held",
          batchSize: 2,
          where: "id < 9",
          compute: async (rows) => {
            if (!ended) {
              ended = true;
              for (const pid of await poolSessions())
                await probe.unsafe(`SELECT pg_terminate_backend(${pid})`);
            }
            return rows.map((r) => ({ id: r.id, v: 1 }));
          },
        });
      },
    });
    const { code, message } = await failure(upgrade({ dialect, revisions: [r1, ending] }, "heads"));
    expect(ended).toBe(true);
    // the backfill's own code, saying the session is gone and what to read next
    expect(code, message).toBe("ATHANOR_BACKFILL_FAILED");
    expect(message).toMatch(/connection to the database was lost/);
    await expectTruthAndResume(true, ending);
  });
});
