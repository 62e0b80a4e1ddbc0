import type { PolicyModel, TableModel, ViewModel } from "@athanor/core";
import type { MySqlView } from "drizzle-orm/mysql-core";
import type { PgMaterializedView, PgPolicy, PgRole, PgTable, PgView } from "drizzle-orm/pg-core";
import type { SQLiteView } from "drizzle-orm/sqlite-core";
import { mysqlCore, pgCore, sqliteCore } from "./dialect-cores.js";
import { isEntityOf } from "./entity-kinds.js";
import { type DrizzleCasing, renderSqlFragment, renderViewQuery } from "./sql-fragment.js";
import { SQLITE_SCHEMA } from "./sqlite-table-model.js";
import { pgTableConfig } from "./table-configs.js";

// Views, materialized views, policies and row-level security of a Drizzle schema, read the way
// drizzle-kit creates them. Text stays as drizzle writes it; canonicalisation makes it the
// server's.

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `{ securityBarrier: true }` → `["security_barrier=true"]`: drizzle's option keys as PostgreSQL's reloptions. */
function pgOptions(options: object | undefined): string[] {
  return Object.entries(options ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${snakeCase(k)}=${String(v)}`);
}

/**
 * The pg views and materialized views among `values` (`.existing()` ones are not managed, as
 * in drizzle-kit).
 *
 * @example
 * ```ts
 * pgViewsToModel([pgView("v").as(sql`select 1`)]); // [{ schema: "public", name: "v", definition: "select 1", ... }]
 * ```
 */
export function pgViewsToModel(values: readonly unknown[], casing?: DrizzleCasing): ViewModel[] {
  const views: ViewModel[] = [];
  for (const value of values) {
    if (isEntityOf<PgMaterializedView>(value, "PgMaterializedView")) {
      const config = pgCore().getMaterializedViewConfig(value);
      if (config.isExisting || config.query === undefined) continue;
      views.push({
        schema: config.schema ?? "public",
        name: config.name,
        materialized: true,
        definition: renderViewQuery(config.query, "postgresql", casing),
        with: pgOptions(config.with),
      });
    } else if (isEntityOf<PgView>(value, "PgView")) {
      const config = pgCore().getViewConfig(value);
      if (config.isExisting || config.query === undefined) continue;
      views.push({
        schema: config.schema ?? "public",
        name: config.name,
        materialized: false,
        definition: renderViewQuery(config.query, "postgresql", casing),
        with: pgOptions(config.with),
      });
    }
  }
  return views;
}

/**
 * The mysql views among `values`, in `database` unless they name a schema.
 *
 * @example
 * ```ts
 * mysqlViewsToModel([mysqlView("v").as(sql`select 1`)], "app")[0].schema; // "app"
 * ```
 */
export function mysqlViewsToModel(
  values: readonly unknown[],
  database: string,
  casing?: DrizzleCasing,
): ViewModel[] {
  const views: ViewModel[] = [];
  for (const value of values) {
    if (!isEntityOf<MySqlView>(value, "MySqlView")) continue;
    const config = mysqlCore().getViewConfig(value);
    if (config.isExisting || config.query === undefined) continue;
    const options = config as { algorithm?: string; sqlSecurity?: string; withCheckOption?: string };
    views.push({
      schema: config.schema ?? database,
      name: config.name,
      materialized: false,
      definition: renderViewQuery(config.query, "mysql", casing),
      with: [
        ...(options.algorithm === undefined ? [] : [`algorithm=${options.algorithm}`]),
        ...(options.withCheckOption === undefined ? [] : [`check_option=${options.withCheckOption}`]),
        ...(options.sqlSecurity === undefined ? [] : [`sql_security=${options.sqlSecurity}`]),
      ],
    });
  }
  return views;
}

/**
 * The sqlite views among `values`, in `main`. The query is kept exactly as drizzle writes it:
 * SQLite stores a view's text as given, and an unaliased result column is named by its text
 * (`a+b` and `a + b` name different columns), so no spelling is folded into another.
 *
 * @example
 * ```ts
 * sqliteViewsToModel([sqliteView("v").as(sql`select 1 as one`)]); // [{ schema: "main", name: "v", definition: "select 1 as one", ... }]
 * ```
 */
export function sqliteViewsToModel(values: readonly unknown[], casing?: DrizzleCasing): ViewModel[] {
  const views: ViewModel[] = [];
  for (const value of values) {
    if (!isEntityOf<SQLiteView>(value, "SQLiteView")) continue;
    const config = sqliteCore().getViewConfig(value);
    if (config.isExisting || config.query === undefined) continue;
    views.push({
      schema: SQLITE_SCHEMA,
      name: config.name,
      materialized: false,
      definition: renderViewQuery(config.query, "sqlite", casing),
      with: [],
    });
  }
  return views;
}

/** `to` of a drizzle policy as role names: a `pgRole` by its name, nothing given = `public`. */
function roleNames(to: PgPolicy["to"]): string[] {
  if (to === undefined) return ["public"];
  const list = Array.isArray(to) ? to : [to];
  return list.map((r) => (isEntityOf<PgRole>(r, "PgRole") ? r.name : String(r)));
}

function policyModel(policy: PgPolicy, casing: DrizzleCasing | undefined): PolicyModel {
  const text = (v: unknown) => (v === undefined ? null : renderSqlFragment(v as never, "postgresql", casing));
  return {
    name: policy.name,
    permissive: policy.as !== "restrictive",
    command: policy.for ?? "all",
    roles: roleNames(policy.to),
    using: text(policy.using),
    withCheck: text(policy.withCheck),
  };
}

/** The table a `pgPolicy(...).link(table)` was linked to, if any. */
export function linkedTable(policy: PgPolicy): PgTable | undefined {
  return (policy as unknown as { _linkedTable?: PgTable })._linkedTable;
}

/**
 * The policies and row-level security of one pg table: its own policies plus those linked to
 * it with `.link(table)` among `values`. As in drizzle-kit, a table with a policy has row-level
 * security enabled even without `.enableRLS()`.
 *
 * @example
 * ```ts
 * pgTableSecurity(notes, exports); // { rowLevelSecurity: true, policies: [{ name: "owner_reads", ... }] }
 * ```
 */
export function pgTableSecurity(
  table: PgTable,
  values: readonly unknown[],
  casing?: DrizzleCasing,
): Pick<TableModel, "rowLevelSecurity" | "policies"> {
  const config = pgTableConfig(table);
  const linked = values.filter(
    (v): v is PgPolicy => isEntityOf<PgPolicy>(v, "PgPolicy") && linkedTable(v) === table,
  );
  const policies = [...config.policies, ...linked].map((p) => policyModel(p, casing));
  return {
    ...(config.enableRLS || policies.length > 0 ? { rowLevelSecurity: true as const } : {}),
    ...(policies.length > 0 ? { policies } : {}),
  };
}
