import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll } from "vitest";
import { describePartialRenderingStory } from "./testing/partial-rendering-suite.js";

const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ url: SERVER, prefix: "partial_story" });
});
afterAll(async () => db?.dispose());

describePartialRenderingStory("MariaDB 10.11", {
  dialect: "mysql",
  env: () => ({ DATABASE_URL: db.url ?? "" }),
  async query(_project, sql) {
    const conn = await db.connect();
    try {
      await conn.query(sql);
    } finally {
      await conn.close();
    }
  },
});
