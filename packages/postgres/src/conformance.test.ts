import type { Connection } from "@athanor/core";
import type { ConformanceDatabase } from "@athanor/core/testing";
import { describeDialectConformance } from "@athanor/core/testing";
import { introspectPostgres } from "./introspector.js";
import { pgliteDialect } from "./pglite-dialect.js";
import { postgresDialect } from "./postgres-dialect.js";
import { POSTGRES_CAPABILITIES, POSTGRES_DATA } from "./testing/conformance-data.js";
import { freshPostgresDatabase, TEST_PG_URL } from "./testing/test-databases.js";

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
  // 15 has no named NOT NULL constraints (18+): the server must refuse addNotNull, not apply it.
  capabilities: POSTGRES_CAPABILITIES.filter((c) => c !== "notNullConstraints"),
  data: { ...POSTGRES_DATA, newerServerCapabilities: ["notNullConstraints"] },
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
