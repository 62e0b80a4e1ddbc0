import type { ConformanceCapability, ConformanceDialectData } from "@athanor/core/testing";
import { describeDialectConformance } from "@athanor/core/testing";
import { introspectMysql } from "./introspector.js";
import { renderMysql } from "./renderer.js";
import { parseServerVersion } from "./server.js";
import { scratchDatabaseName, scratchMysqlDatabase } from "./testing/scratch-database.js";

// Everything MySQL-specific about the conformance suite is here, as data. Cases needing a
// missing capability must be refused by the renderer with a coded error: named enum types,
// partial and INCLUDE indexes, NULLS NOT DISTINCT, deferrable and NOT VALID constraints.
// Schemas (databases) and MariaDB sequences are rendered and run but not introspected yet, so
// their cases only prove the SQL applies and reverses.
// Identity columns are not claimed: AUTO_INCREMENT is always "by default" (no GENERATED ALWAYS).
const MARIADB_CAPABILITIES: readonly ConformanceCapability[] = [
  "generatedColumns",
  "tableComments",
  "columnComments",
  "views",
  "syncTriggers",
];

// One database name for the suite: a fresh database after a failed case is recreated under it.
const DATABASE = scratchDatabaseName();

const MARIADB_DATA: ConformanceDialectData = {
  defaultSchema: DATABASE,
  types: {
    integer: { sql: "int", introspected: "int" },
    bigint: { sql: "bigint", introspected: "bigint" },
    text: { sql: "text", introspected: "text" },
    varchar40: { sql: "varchar(40)", introspected: "varchar(40)" },
    boolean: { sql: "boolean", introspected: "tinyint(1)" },
  },
  textDefault: { sql: "'none'", introspected: "'none'" },
  integerDefault: { sql: "0", introspected: "0" },
  check: { sql: "qty > 0", introspected: "`qty` > 0" },
  indexExpression: { sql: "lower(name)", introspected: "lower(`name`)" },
  indexPredicate: { sql: "note IS NULL", introspected: "note IS NULL" },
  generatedExpression: { sql: "qty * 2", introspected: "`qty` * 2" },
  maxIdentifierLength: 64,
};

// MySQL creates an index named after a foreign key that has none to use, and keeps it when the
// key is dropped; such indexes are left out of every comparison.
const foreignKeyNames = new Set<string>();

describeDialectConformance({
  name: "MariaDB 10.11",
  createDialect: () => ({
    render: (op) => renderMysql(op, { server: parseServerVersion("10.11.0-MariaDB") }),
  }),
  introspect: async (conn) => {
    const model = await introspectMysql(conn);
    for (const t of model.tables) for (const fk of t.foreignKeys) foreignKeyNames.add(fk.name);
    return model;
  },
  freshDatabase: () => scratchMysqlDatabase(DATABASE),
  capabilities: MARIADB_CAPABILITIES,
  renderOnlyCapabilities: ["schemas", "sequences"],
  data: MARIADB_DATA,
  ignoreDifference: (d) => {
    const last = d.path.at(-1) ?? "";
    const match = /^index "(.*)"$/.exec(last);
    return match !== null && foreignKeyNames.has((match[1] ?? "").replaceAll('""', '"'));
  },
  timeoutMs: 60_000,
});
