import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll } from "vitest";
import { describeBackfillStopStory } from "./testing/backfill-stop-story-suite.js";

const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ url: SERVER, prefix: "backfill_stop" });
});
afterAll(async () => db?.dispose());

describeBackfillStopStory("MariaDB 10.11", {
  dialect: "mysql",
  env: () => ({ DATABASE_URL: db.url ?? "" }),
  quote: (name) => `\`${name}\``,
});
