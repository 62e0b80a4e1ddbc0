// A single-transaction run keeps the short step path's one message a revision (online-step.ts,
// applyStepLean): the run's BEGIN, then for each revision one executeScript holding its
// statements, its version row and its history row — no BEGIN or COMMIT of its own — and the
// run's one COMMIT. The run's session is the real PostgreSQL connection, its scripts recorded.
import { type Connection, defineRevision, downgrade, upgrade } from "@athanor/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresDialect } from "./postgres-dialect.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

let db: TestServerDatabase;
beforeAll(async () => {
  db = await createTestDatabase("singletx");
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

const revisions = ["m1", "m2", "m3"].map((id, i, ids) =>
  defineRevision({
    id,
    parents: i === 0 ? [] : [ids[i - 1] as string],
    upgrade: (op) => {
      op.execute(`CREATE TABLE t_${id} (id integer PRIMARY KEY)`);
      op.execute(`INSERT INTO t_${id} VALUES (1)`);
    },
    downgrade: (op) => op.execute(`DROP TABLE t_${id}`),
  }),
);

test("one message a revision inside the run's BEGIN … COMMIT, upgrade and downgrade", async () => {
  const base = postgresDialect({ url: db.url });
  const scripts: string[][] = [];
  const dialect = {
    ...base,
    async connect(): Promise<Connection> {
      const conn = await base.connect();
      const executeScript = conn.executeScript.bind(conn);
      return Object.assign(conn, {
        executeScript(statements: readonly string[]) {
          scripts.push([...statements]);
          return executeScript(statements);
        },
      });
    },
  };
  for (const run of [
    () => upgrade({ dialect, revisions }, "heads", { singleTransaction: true }),
    () => downgrade({ dialect, revisions }, "base", { singleTransaction: true }),
  ]) {
    scripts.length = 0;
    const result = await run();
    expect(result.error, result.error?.message).toBeUndefined();
    expect(result.singleTransaction).toEqual({ outcome: "committed" });
    const begin = scripts.findIndex((s) => s.length === 1 && s[0] === "BEGIN");
    const commit = scripts.findIndex((s) => s.length === 1 && s[0] === "COMMIT");
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(commit).toBe(scripts.length - 1);
    const steps = scripts.slice(begin + 1, commit).filter((s) => s.some((sql) => /t_m\d/.test(sql)));
    expect(steps).toHaveLength(3);
    for (const step of steps) {
      expect(step.filter((sql) => /^(BEGIN|COMMIT)\b/.test(sql))).toEqual([]);
      expect(step.some((sql) => sql.includes('"athanor_version"'))).toBe(true);
      expect(step.at(-1)).toMatch(/^INSERT INTO "athanor_version_history"/);
    }
  }
  const conn = await base.connect();
  const [row] = await conn
    .query<{ n: number }>("SELECT count(*)::int AS n FROM athanor_version")
    .then((r) => r.rows)
    .finally(() => conn.close());
  expect(row).toEqual({ n: 0 });
});
