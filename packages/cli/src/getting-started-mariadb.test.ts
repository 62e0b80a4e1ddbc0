import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, test } from "vitest";
import { toMysqlSchema, walkGettingStarted } from "./testing/getting-started-walk.js";

// docs/getting-started.md with DATABASE_URL set to a MariaDB 10.11 database: the same commands,
// the models in mysql-core; exit codes and errors as the page shows (its output is PostgreSQL's).
const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ url: SERVER, prefix: "walk" });
});
afterAll(async () => db?.dispose());

test("the getting-started walk runs clean on MariaDB 10.11", async () => {
  await walkGettingStarted({
    dialect: "mysql",
    env: { DATABASE_URL: db.url ?? "" },
    description: "MySQL",
    schema: toMysqlSchema,
    compareOutput: false,
  });
}, 600_000);
