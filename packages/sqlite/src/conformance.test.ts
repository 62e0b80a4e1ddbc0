import type { Connection } from "@athanor/core";
import type { ConformanceCapability, ConformanceDialectData } from "@athanor/core/testing";
import { describeDialectConformance } from "@athanor/core/testing";
import { introspectSqlite } from "./introspector.js";
import type { SqliteRenderContext } from "./render/render-context.js";
import { renderSqlite } from "./renderer.js";
import { sqliteTestTargets } from "./testing/targets.js";

// What SQLite has: generated columns, partial and expression indexes, deferrable foreign keys,
// views. Everything else (schemas, enums, sequences, identity, comments, INCLUDE, NULLS NOT
// DISTINCT, NOT VALID, materialized views, RLS) must be refused by the renderer with a coded error.
const SQLITE_CAPABILITIES: readonly ConformanceCapability[] = [
  "generatedColumns",
  "partialIndexes",
  "expressionIndexes",
  "views",
];

// SQLite keeps declared types and expressions as written.
const same = (sql: string) => ({ sql, introspected: sql });
const SQLITE_DATA: ConformanceDialectData = {
  defaultSchema: "main",
  types: {
    integer: same("integer"),
    bigint: same("bigint"),
    text: same("text"),
    varchar40: same("varchar(40)"),
    boolean: same("boolean"),
  },
  textDefault: same("'none'"),
  integerDefault: same("0"),
  check: same("qty > 0"),
  indexExpression: same("lower(name)"),
  // read back in the canonical form (introspect/canonical-sql.ts): keywords in lower case
  indexPredicate: { sql: "note IS NULL", introspected: "note is null" },
  generatedExpression: same("qty * 2"),
  // SQLite has no identifier length limit; the cases cut long names at this length.
  maxIdentifierLength: 63,
};

// The suite renders with a plain `render(op)`; the runner gives SQLite's renderer the schema each
// operation finds (Dialect.reflect). Here the database is read again after each applied script,
// so every operation is rendered from the schema it really finds, as in a run.
let context: SqliteRenderContext | undefined;

function reflecting(
  conn: Connection,
  reflect: (conn: Connection) => Promise<SqliteRenderContext>,
): Connection {
  return {
    ...conn,
    async executeScript(statements) {
      try {
        await conn.executeScript(statements);
      } finally {
        context = await reflect(conn);
      }
    },
  };
}

// better-sqlite3, libsql, @libsql/client and D1 (miniflare): the same 52 cases on each engine.
for (const target of sqliteTestTargets()) {
  describeDialectConformance({
    name: `SQLite (${target.driver}, a fresh in-memory database per suite)`,
    createDialect: () => ({ render: (op) => renderSqlite(op, context) }),
    introspect: (conn) => introspectSqlite(conn),
    async freshDatabase() {
      // a migration session (foreign keys off, or on D1 deferred by each rebuild), as the runner's
      const fresh = await target.fresh();
      context = await fresh.reflect(fresh.connection);
      return { connection: reflecting(fresh.connection, fresh.reflect), dispose: fresh.dispose };
    },
    capabilities: SQLITE_CAPABILITIES,
    data: SQLITE_DATA,
  });
}
