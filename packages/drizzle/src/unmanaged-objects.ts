import { AthanorError } from "@athanor/core";
import type { PgMaterializedView, PgPolicy, PgRole } from "drizzle-orm/pg-core";
import type { DrizzleSchemaExports } from "./collect-drizzle-schema.js";
import { pgCore } from "./dialect-cores.js";
import { isEntityOf } from "./entity-kinds.js";
import { pgTableConfig } from "./table-configs.js";
import { linkedTable } from "./view-and-policy-model.js";

/**
 * The objects of a Drizzle schema that athanor does not manage, each named the way a user
 * wrote it: `role "admin" (pgRole)`, `materialized view "public"."totals" (tablespace)`.
 * Views, materialized views, policies and row-level security are managed; what is left:
 *
 * - roles not marked `.existing()`: a role belongs to the whole server, not to the database a
 *   revision migrates (docs/views-and-security.md says why and what to do);
 * - materialized views with `using`, `tablespace` or `withNoData()`, which the model has no place for;
 * - a policy exported on its own that is neither linked to a table nor declared in one, or
 *   linked to a table the schema does not export.
 *
 * @example
 * ```ts
 * unmanagedObjects(collectDrizzleSchema([schema])); // ['role "admin" (pgRole)']
 * ```
 */
export function unmanagedObjects(collected: DrizzleSchemaExports): string[] {
  const found: string[] = [];
  const qualified = (schema: string | undefined, name: string) => `"${schema ?? "public"}"."${name}"`;
  const tables = new Set<unknown>(collected.pgTables);
  const declared = new Set<unknown>(collected.pgTables.flatMap((t) => pgTableConfig(t).policies));
  for (const value of collected.unmanaged ?? []) {
    if (isEntityOf<PgMaterializedView>(value, "PgMaterializedView")) {
      const config = pgCore().getMaterializedViewConfig(value);
      if (config.isExisting) continue;
      const name = qualified(config.schema, config.name);
      if (config.using !== undefined) found.push(`materialized view ${name} (using)`);
      if (config.tablespace !== undefined) found.push(`materialized view ${name} (tablespace)`);
      if (config.withNoData === true) found.push(`materialized view ${name} (withNoData)`);
    } else if (isEntityOf<PgRole>(value, "PgRole")) {
      if ((value as unknown as { _existing?: boolean })._existing !== true)
        found.push(`role "${value.name}" (pgRole)`);
    } else if (isEntityOf<PgPolicy>(value, "PgPolicy") && !declared.has(value)) {
      const table = linkedTable(value);
      if (table === undefined) found.push(`policy "${value.name}" linked to no table (pgPolicy)`);
      else if (!tables.has(table)) {
        const config = pgTableConfig(table);
        found.push(
          `policy "${value.name}" on table ${qualified(config.schema, config.name)}, which the schema does not export (pgPolicy)`,
        );
      }
    }
  }
  return found;
}

/**
 * Refuses a schema that declares objects athanor does not manage (ATHANOR_SCHEMA_OBJECT_UNSUPPORTED
 * naming each one), rather than leaving them out of the diff without a word.
 *
 * @example
 * ```ts
 * refuseUnmanagedObjects(collected); // throws when a pgRole is exported without .existing()
 * ```
 */
export function refuseUnmanagedObjects(collected: DrizzleSchemaExports): void {
  const objects = unmanagedObjects(collected);
  if (objects.length === 0) return;
  throw new AthanorError(
    "ATHANOR_SCHEMA_OBJECT_UNSUPPORTED",
    `The Drizzle schema declares ${objects.length === 1 ? "an object" : `${objects.length} objects`} athanor does not manage: ${objects.join(", ")}. Leaving ${objects.length === 1 ? "it" : "them"} out of the comparison would be silent, so nothing was compared. Create roles outside migrations and mark them \`.existing()\`; for anything else, move it to a module that \`schema\` does not read and write its SQL in a revision by hand with op.execute().`,
    { objects },
  );
}
