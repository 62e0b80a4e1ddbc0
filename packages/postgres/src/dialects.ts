// A second, narrow entry point (`@athanor/postgres/dialects`): just the two dialect factories and
// what they pull in (renderer, driver, lock). The package root also brings the introspector and
// lint rules, which a plain `upgrade` never uses; the CLI imports this on its start-up path.

export { PGLITE_FOLDER, postgresDialectModule } from "./dialect-module.js";
export type { PGliteDialect, PGliteDialectConfig } from "./pglite-dialect.js";
export { pgliteDialect } from "./pglite-dialect.js";
export type { PostgresDialectConfig } from "./postgres-dialect.js";
export { postgresDialect } from "./postgres-dialect.js";
