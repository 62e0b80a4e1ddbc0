import { join } from "node:path";
import { sqliteDialect } from "@athanor/sqlite";
import { describePartialRenderingStory } from "./testing/partial-rendering-suite.js";

describePartialRenderingStory("SQLite", {
  dialect: "sqlite",
  env: (project) => ({ DATABASE_URL: `file:${join(project, "app.db")}` }),
  async query(project, sql) {
    const conn = await sqliteDialect({ file: join(project, "app.db") }).connect();
    try {
      await conn.query(sql);
    } finally {
      await conn.close();
    }
  },
});
