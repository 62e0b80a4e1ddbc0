// The public API of @athanor/drizzle: explicit named exports only.
export { collectDrizzleSchema } from "./collect-drizzle-schema.js";
export type { DrizzleSchemaExports } from "./collect-drizzle-schema.js";
export { loadDrizzleSchema } from "./load-drizzle-schema.js";
export type { LoadDrizzleSchemaOptions, SchemaImporter } from "./load-drizzle-schema.js";
export { renderSqlFragment, sqlStringLiteral } from "./sql-fragment.js";
export type { DrizzleCasing, DrizzleDialect } from "./sql-fragment.js";
export { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
export type { DrizzleToSchemaModelOptions } from "./drizzle-to-schema-model.js";
export { materializeSchemaModel } from "./materialize-schema-model.js";
export type { MaterializeOptions } from "./materialize-schema-model.js";
export { canonicalizeSchemaModel } from "./canonicalize-schema-model.js";
export type { CanonicalizeOptions, ScratchIntrospector } from "./canonicalize-schema-model.js";
