import { join } from "node:path";
import { sqliteDialect } from "@athanor/sqlite";
import { defineControlNamesSuite } from "./testing/control-names-suite.js";
import { queryOnce } from "./testing/query-once.js";

// Names with control characters on SQLite (a file in each project's folder): refused.
defineControlNamesSuite({ dialect: "sqlite" }, async () => ({
  env: (dir) => ({ DATABASE_URL: `file:${join(dir, "app.db")}` }),
  query: (dir, sql) => queryOnce(sqliteDialect({ file: join(dir, "app.db") }), sql),
  reset: async () => {}, // each project keeps its own file
  dispose: async () => {},
}));
