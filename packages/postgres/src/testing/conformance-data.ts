import type { ConformanceCapability, ConformanceDialectData } from "@athanor/core/testing";

// Everything PostgreSQL-specific about core's conformance suite, as data: the PostgreSQL and
// PGlite suites use it, and so does a dialect that is PGlite underneath (tests/external-dialect).
export const POSTGRES_CAPABILITIES: readonly ConformanceCapability[] = [
  "schemas",
  "enumTypes",
  "sequences",
  "identityColumns",
  "columnCollations",
  "indexStorageParameters",
  "generatedColumns",
  "partialIndexes",
  "expressionIndexes",
  "indexInclude",
  "nullsNotDistinct",
  "deferrableConstraints",
  "constraintRenames",
  "notValidConstraints",
  "tableComments",
  "columnComments",
  "views",
  "materializedViews",
  "rowLevelSecurity",
  "syncTriggers",
  // PostgreSQL 18's named NOT NULL constraints: PGlite is 18; the PostgreSQL 15 suite takes it out.
  "notNullConstraints",
];

export const POSTGRES_DATA: ConformanceDialectData = {
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
