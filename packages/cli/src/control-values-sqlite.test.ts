import { join } from "node:path";
import { quoteLiteral, sqliteDialect } from "@athanor/sqlite";
import { defineControlValuesSuite } from "./testing/control-values-suite.js";
import { queryOnce } from "./testing/query-once.js";

// Control characters in defaults and check literals on SQLite (a file in each project's folder).
defineControlValuesSuite("sqlite", async () => ({
  env: (dir) => ({ DATABASE_URL: `file:${join(dir, "app.db")}` }),
  query: (dir, sql) => queryOnce(sqliteDialect({ file: join(dir, "app.db") }), sql),
  literal: quoteLiteral,
  reset: async () => {}, // each project keeps its own file
  dispose: async () => {},
}));
