import { join } from "node:path";
import { test } from "vitest";
import { toSqliteSchema, walkGettingStarted } from "./testing/getting-started-walk.js";
import { tempDir } from "./testing/harness.js";

// docs/getting-started.md with DATABASE_URL set to a SQLite file: the same commands, the models
// in sqlite-core; exit codes and errors as the page shows (its output is PostgreSQL's).
test("the getting-started walk runs clean on a SQLite file", async () => {
  const file = join(tempDir("athanor-walk-sqlite-"), "app.db");
  await walkGettingStarted({
    dialect: "sqlite",
    env: { DATABASE_URL: `file:${file}` },
    description: "SQLite",
    schema: toSqliteSchema,
    compareOutput: false,
  });
}, 600_000);
