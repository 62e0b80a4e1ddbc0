import { createMysqlRenderer, introspectMysql } from "@athanor/mysql";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MYSQL_CASES } from "../testing/autogen-corpus/mysql-cases.js";
import { type CorpusBackend, runCorpusCase } from "../testing/autogen-corpus/run-corpus-case.js";
import { mysqlTestDatabase } from "../testing/test-databases.js";

// The autogenerate corpus on MariaDB 10.11, with the same driver loop as PostgreSQL.
describe("autogenerate corpus on MariaDB 10.11", () => {
  let live: Awaited<ReturnType<typeof mysqlTestDatabase>>;
  let scratch: Awaited<ReturnType<typeof mysqlTestDatabase>>;
  let backend: CorpusBackend;

  beforeAll(async () => {
    [live, scratch] = await Promise.all([mysqlTestDatabase("corpus"), mysqlTestDatabase("corpus_scratch")]);
    const render = createMysqlRenderer({ server: live.connection.server });
    backend = {
      dialect: "mariadb",
      database: live.name,
      live: live.connection,
      scratch: scratch.connection,
      render: (op) => render(op),
      introspect: (conn, schemas) =>
        introspectMysql(conn, schemas[0] === undefined ? {} : { database: schemas[0] }),
      async reset() {
        const { rows } = await live.connection.query<{ name: string }>(
          "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
        );
        const drops = rows.map((r) => `DROP TABLE IF EXISTS \`${r.name}\``);
        await live.connection.executeScript([
          "SET FOREIGN_KEY_CHECKS = 0",
          ...drops,
          "SET FOREIGN_KEY_CHECKS = 1",
        ]);
      },
    };
  });
  afterAll(async () => {
    await Promise.all([live?.dispose(), scratch?.dispose()]);
  });

  test("has at least 40 cases", () => {
    expect(MYSQL_CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(MYSQL_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const outcome = await runCorpusCase(backend, c);
    expect(outcome.upgrade.length, outcome.revision).toBeGreaterThan(0);
    expect(outcome.afterUpgrade, outcome.revision).toEqual([]);
    expect(outcome.downgradeError, outcome.revision).toBeUndefined();
    expect(outcome.afterDowngrade, outcome.revision).toEqual([]);
  });
});
