// The public API of @athanor/postgres: explicit named exports only.
export { postgresRenderers, renderPostgres } from "./renderer.js";
export type { PostgresRenderers } from "./renderer.js";
export { MAX_IDENTIFIER_BYTES, quoteIdent, quoteLiteral, quoteQualified, quoteValue } from "./quote.js";
export { introspectPostgres } from "./introspector.js";
export type { PostgresIntrospectOptions } from "./introspector.js";
