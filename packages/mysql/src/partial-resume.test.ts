import { describeResumeSuite } from "@athanor/core/testing";
import { afterAll } from "vitest";
import { mysqlDialect } from "./mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

let db: ScratchMysqlDatabase | undefined;
afterAll(async () => {
  await db?.dispose();
});

const digits =
  "(SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9)";

describeResumeSuite("MariaDB", async () => {
  db = await scratchMysqlDatabase();
  const conn = db.connection;
  return {
    dialect: mysqlDialect({ url: db.url }),
    seed: (rows: number) => [
      "DROP TABLE IF EXISTS accounts, v_resume, v_resume_history, v_resume_backfill",
      "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)",
      `INSERT INTO accounts SELECT a.n * 1000 + b.n * 100 + c.n * 10 + d.n + 1, 100 FROM ${digits} a, ${digits} b, ${digits} c, ${digits} d WHERE a.n * 1000 + b.n * 100 + c.n * 10 + d.n < ${rows}`,
    ],
    exec: (statements: readonly string[]) => conn.executeScript(statements),
    query: async (sql: string) => (await conn.query<Record<string, unknown>>(sql)).rows,
  };
});
