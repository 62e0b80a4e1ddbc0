import type { Connection } from "@athanor/core";
import type {
  ConformanceCapability,
  ConformanceDatabase,
  ConformanceDialectData,
} from "@athanor/core/testing";
import { describeDialectConformance } from "@athanor/core/testing";
import { introspectPostgres } from "./introspector.js";
import { pgliteDialect } from "./pglite-dialect.js";
import { postgresDialect } from "./postgres-dialect.js";
import { freshPostgresDatabase, TEST_PG_URL } from "./testing/test-databases.js";

// Everything PostgreSQL-specific about the conformance suite is here, as data.
const POSTGRES_CAPABILITIES: readonly ConformanceCapability[] = [
  "schemas",
  "enumTypes",
  "sequences",
  "identityColumns",
  "generatedColumns",
  "partialIndexes",
  "expressionIndexes",
  "indexInclude",
  "nullsNotDistinct",
  "deferrableConstraints",
  "notValidConstraints",
  "tableComments",
  "columnComments",
  "views",
  "materializedViews",
  "rowLevelSecurity",
];

const POSTGRES_DATA: ConformanceDialectData = {
  defaultSchema: "public",
  types: {
    integer: { sql: "integer", introspected: "integer" },
    bigint: { sql: "bigint", introspected: "bigint" },
    text: { sql: "text", introspected: "text" },
    varchar40: { sql: "varchar(40)", introspected: "character varying(40)" },
    boolean: { sql: "boolean", introspected: "boolean" },
  },
  textDefault: { sql: "'none'", introspected: "'none'::text" },
  integerDefault: { sql: "0", introspected: "0" },
  check: { sql: "qty > 0", introspected: "(qty > 0)" },
  indexExpression: { sql: "lower(name)", introspected: "lower(name::text)" },
  indexPredicate: { sql: "note IS NULL", introspected: "note IS NULL" },
  generatedExpression: { sql: "qty * 2", introspected: "(qty * 2)" },
  maxIdentifierLength: 63,
};

const common = {
  introspect: (conn: Connection) => introspectPostgres(conn),
  capabilities: POSTGRES_CAPABILITIES,
  data: POSTGRES_DATA,
  timeoutMs: 60_000,
};

// Both suites go through the real dialects' connections (postgres.js reserved connection,
// PGlite driver), so the driver's parameter passing and script execution are under test too.
describeDialectConformance({
  ...common,
  name: "PostgreSQL 15",
  createDialect: () => postgresDialect({ url: TEST_PG_URL }),
  freshDatabase: async (): Promise<ConformanceDatabase> => {
    const scratch = await freshPostgresDatabase("conformance");
    const connection = await postgresDialect({ url: scratch.url as string }).connect();
    return {
      connection,
      dispose: async () => {
        await connection.close();
        await scratch.dispose();
      },
    };
  },
});

describeDialectConformance({
  ...common,
  name: "PGlite",
  createDialect: () => pgliteDialect(),
  freshDatabase: async (): Promise<ConformanceDatabase> => {
    const dialect = pgliteDialect();
    const connection = await dialect.connect();
    return {
      connection,
      dispose: async () => {
        await connection.close();
        await dialect.close();
      },
    };
  },
});
