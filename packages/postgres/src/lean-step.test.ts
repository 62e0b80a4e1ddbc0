// A simple revision takes the runner's short step path on PostgreSQL too (online-step.ts,
// applyStepLean): its statements, the step's SET LOCAL lock_timeout, the version row and the
// history row in one executeScript, without the full path's transaction and op-sink objects. The
// suite compares both paths; each side runs in a schema of its own, in this file's own database.
import { describeLeanStepSuite } from "@athanor/core/testing";
import { afterAll, beforeAll } from "vitest";
import { postgresDialect } from "./postgres-dialect.js";
import { quoteIdent } from "./quote.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

let db: TestServerDatabase;
beforeAll(async () => {
  db = await createTestDatabase("leanstep");
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

const into = (schema: string) => [
  `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`,
  `SET search_path TO ${quoteIdent(schema)}`,
];

describeLeanStepSuite("PostgreSQL", {
  dialect(schema) {
    const dialect = postgresDialect({ url: db.url });
    return {
      ...dialect,
      async connect() {
        const conn = await dialect.connect();
        await conn.executeScript(into(schema));
        return conn;
      },
    };
  },
  async exec(schema, statements) {
    const conn = await postgresDialect({ url: db.url }).connect();
    try {
      await conn.executeScript([...into(schema), ...statements]);
    } finally {
      await conn.close();
    }
  },
  async rows(schema, sql) {
    const conn = await postgresDialect({ url: db.url }).connect();
    try {
      await conn.executeScript(into(schema));
      return [...(await conn.query(sql)).rows];
    } finally {
      await conn.close();
    }
  },
  tablesSql:
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE 'athanor%' ORDER BY 1",
  countSql: "SELECT count(*)::int AS n FROM parent",
  // the CLI's default: a lock timeout a step, set in its transaction (SET LOCAL), right after BEGIN
  runOptions: { lockRetry: { lockTimeoutMs: 2000 } },
});
