import { AthanorError } from "@athanor/core";
import { is } from "drizzle-orm";
import { getViewConfig as getMysqlViewConfig, MySqlView } from "drizzle-orm/mysql-core";
import {
  getMaterializedViewConfig,
  getTableConfig,
  getViewConfig,
  isPgMaterializedView,
  isPgView,
  PgPolicy,
  PgRole,
} from "drizzle-orm/pg-core";
import type { DrizzleSchemaExports } from "./collect-drizzle-schema.js";

/**
 * The objects of a Drizzle schema that athanor does not manage yet, each named the way a user
 * wrote it: `view "public"."active_accounts" (pgView)`, `row-level security on table "public"."notes" (enableRLS)`.
 * Views, roles and policies marked `.existing()` are not managed by drizzle-kit either, and are
 * left out.
 *
 * @example
 * ```ts
 * unmanagedObjects(collectDrizzleSchema([schema])); // ['view "public"."active_accounts" (pgView)']
 * ```
 */
export function unmanagedObjects(collected: DrizzleSchemaExports): string[] {
  const found: string[] = [];
  const qualified = (schema: string | undefined, name: string) => `"${schema ?? "public"}"."${name}"`;
  for (const value of collected.unmanaged ?? []) {
    if (isPgMaterializedView(value)) {
      const config = getMaterializedViewConfig(value);
      if (!config.isExisting)
        found.push(`materialized view ${qualified(config.schema, config.name)} (pgMaterializedView)`);
    } else if (isPgView(value)) {
      const config = getViewConfig(value);
      if (!config.isExisting) found.push(`view ${qualified(config.schema, config.name)} (pgView)`);
    } else if (is(value, MySqlView)) {
      const config = getMysqlViewConfig(value);
      if (!config.isExisting) found.push(`view "${config.name}" (mysqlView)`);
    } else if (is(value, PgRole)) {
      if ((value as unknown as { _existing?: boolean })._existing !== true)
        found.push(`role "${value.name}" (pgRole)`);
    } else if (is(value, PgPolicy)) {
      const table = (value as unknown as { _linkedTable?: Parameters<typeof getTableConfig>[0] })
        ._linkedTable;
      const on = table === undefined ? "" : ` on table ${tableName(table)}`;
      found.push(`policy "${value.name}"${on} (pgPolicy)`);
    }
  }
  for (const table of collected.pgTables) {
    const config = getTableConfig(table);
    for (const policy of config.policies)
      found.push(`policy "${policy.name}" on table ${qualified(config.schema, config.name)} (pgPolicy)`);
    if (config.enableRLS)
      found.push(`row-level security on table ${qualified(config.schema, config.name)} (enableRLS)`);
  }
  return found;
}

function tableName(table: Parameters<typeof getTableConfig>[0]): string {
  const config = getTableConfig(table);
  return `"${config.schema ?? "public"}"."${config.name}"`;
}

/**
 * Refuses a schema that declares objects athanor does not manage yet (ATHANOR_SCHEMA_OBJECT_UNSUPPORTED
 * naming each one), rather than leaving them out of the diff without a word.
 *
 * @example
 * ```ts
 * refuseUnmanagedObjects(collected); // throws when a pgView is exported
 * ```
 */
export function refuseUnmanagedObjects(collected: DrizzleSchemaExports): void {
  const objects = unmanagedObjects(collected);
  if (objects.length === 0) return;
  throw new AthanorError(
    "ATHANOR_SCHEMA_OBJECT_UNSUPPORTED",
    `The Drizzle schema declares ${objects.length === 1 ? "an object" : `${objects.length} objects`} athanor does not manage yet: ${objects.join(", ")}. Leaving ${objects.length === 1 ? "it" : "them"} out of the comparison would be silent, so nothing was compared. Move ${objects.length === 1 ? "it" : "them"} to a module that \`schema\` does not read (or mark a view or role \`.existing()\`), and write ${objects.length === 1 ? "its" : "their"} SQL in a revision by hand with op.execute().`,
    { objects },
  );
}
