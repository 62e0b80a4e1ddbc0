import { type Connection, defineRevision, downgrade, upgrade } from "@athanor/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresDialect } from "./postgres-dialect.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

// A history table an older athanor created gets the statements_fingerprint column from the next
// run that applies something. That ALTER needs the table's ACCESS EXCLUSIVE lock: while another
// session holds the table, it waits at most the run's lock timeout, and the run goes on writing
// its rows as an older athanor did — it never queues behind that session unbounded.
let db: TestServerDatabase;
let other: Connection;
beforeAll(async () => {
  db = await createTestDatabase("fpcolumn");
  other = await postgresDialect({ url: db.url }).connect();
});
afterAll(async () => {
  await other?.close();
  await db?.drop();
});

const revisions = [
  defineRevision({ id: "c1", parents: [], upgrade() {}, downgrade() {} }),
  defineRevision({
    id: "c2",
    parents: ["c1"],
    async upgrade(op) {
      op.execute("CREATE TABLE filled (id int PRIMARY KEY, w int)");
      op.execute("INSERT INTO filled SELECT g, NULL FROM generate_series(1, 50) g");
      // commits what came before with a partial row: the row the missing column would carry
      await op.backfill({ table: "filled", set: { w: "id * 2" }, batchSize: 20 });
    },
    downgrade(op) {
      op.execute("DROP TABLE filled");
    },
  }),
];
const options = () => ({
  dialect: postgresDialect({ url: db.url }),
  revisions,
  lockRetry: { lockTimeoutMs: 300, retries: 0 },
});
const hasColumn = async () =>
  (
    await other.query(
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'athanor_version_history' AND column_name = 'statements_fingerprint'",
    )
  ).rows.length === 1;

test("the column cannot be added while another session holds the history table: the run goes on without it, the next one adds it", async () => {
  expect((await upgrade(options(), "c1")).error).toBeUndefined();
  await other.query("ALTER TABLE athanor_version_history DROP COLUMN statements_fingerprint");
  await other.query("BEGIN");
  await other.query("SELECT count(*) FROM athanor_version_history");

  const run = await upgrade(options(), "heads");
  expect(run.error, run.error?.message).toBeUndefined();
  expect(run.heads.after).toEqual(["c2"]);
  await other.query("COMMIT");
  expect(await hasColumn()).toBe(false);
  const rows = await other.query<{ n: string }>("SELECT count(*) AS n FROM filled WHERE w = id * 2");
  expect(Number(rows.rows[0]?.n)).toBe(50);

  // nobody holds the table now: the next run that applies something adds the column
  expect((await downgrade(options(), "c1")).error).toBeUndefined();
  expect(await hasColumn()).toBe(true);
  expect((await upgrade(options(), "heads")).error).toBeUndefined();
}, 60_000);
