import { join } from "node:path";
import { sqliteDialect } from "@athanor/sqlite";
import { defineControlNamesSuite } from "./testing/control-names-suite.js";

// Names with control characters on SQLite (a file in each project's folder): refused.
defineControlNamesSuite({ dialect: "sqlite" }, async () => ({
  env: (dir) => ({ DATABASE_URL: `file:${join(dir, "app.db")}` }),
  async query(dir, sql) {
    const conn = await sqliteDialect({ file: join(dir, "app.db") }).connect();
    try {
      return [...(await conn.query(sql)).rows];
    } finally {
      await conn.close();
    }
  },
  reset: async () => {}, // each project keeps its own file
  dispose: async () => {},
}));
