import type { ConformanceCapability, ConformanceDialectData } from "@athanor/core/testing";
import { describeDialectConformance } from "@athanor/core/testing";
import {
  freshPgliteDatabase,
  freshPostgresDatabase,
  type ScratchDatabase,
} from "./introspect/test-databases.js";
import { introspectPostgres } from "./introspector.js";
import { renderPostgres } from "./renderer.js";

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

const suite = (name: string, freshDatabase: () => Promise<ScratchDatabase>) =>
  describeDialectConformance({
    name,
    createDialect: () => ({ render: renderPostgres }),
    introspect: (conn) => introspectPostgres(conn),
    freshDatabase,
    capabilities: POSTGRES_CAPABILITIES,
    data: POSTGRES_DATA,
    timeoutMs: 60_000,
  });

suite("PostgreSQL 15", () => freshPostgresDatabase("conformance"));
suite("PGlite", freshPgliteDatabase);
