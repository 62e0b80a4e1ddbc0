import type { PolicyModel, TableModel, ViewModel } from "@athanor/core";

// Views, policies and row-level security of a drizzle-kit snapshot (PostgreSQL version 7,
// MySQL version 5; the 1.0 readers convert to these shapes), as the schema model holds them.
// The definitions are drizzle-kit's own SQL: both snapshots of a step are read the same way, so
// their difference is the step's change, and the SQL recreates the view as kit created it.

/** A view as 0.31 snapshots record it. */
export interface KitView {
  name: string;
  schema?: string;
  definition?: string;
  materialized?: boolean;
  isExisting?: boolean;
  with?: Record<string, unknown> | null;
  tablespace?: string | null;
  using?: string | null;
  withNoData?: boolean | null;
  /** MySQL */
  algorithm?: string | null;
  sqlSecurity?: string | null;
  withCheckOption?: string | null;
}

/** A policy as 0.31 PostgreSQL snapshots record it, inside its table. */
export interface KitPolicy {
  name: string;
  as?: string;
  for?: string;
  to?: string[];
  using?: string | null;
  withCheck?: string | null;
}

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * What a view uses that the model has no place for (`using`, `tablespace`, `withNoData`), named;
 * a step changing such a view stays irreversible.
 *
 * @example
 * ```ts
 * unmodelledViewParts({ "public.m": { name: "m", tablespace: "fast" } }); // ['"public.m" tablespace']
 * ```
 */
export function unmodelledViewParts(views: Record<string, KitView> | undefined): string[] {
  return Object.entries(views ?? {}).flatMap(([key, v]) => [
    ...(v.using ? [`"${key}" using`] : []),
    ...(v.tablespace ? [`"${key}" tablespace`] : []),
    ...(v.withNoData ? [`"${key}" withNoData`] : []),
  ]);
}

/** MySQL view options other than the server's defaults, as the introspector keeps them. */
function mysqlOptions(v: KitView): string[] {
  const option = (key: string, value: string | null | undefined, fallback: string) =>
    value && value.toLowerCase() !== fallback ? [`${key}=${value.toLowerCase()}`] : [];
  return [
    ...option("algorithm", v.algorithm, "undefined"),
    ...option("check_option", v.withCheckOption, "none"),
    ...option("sql_security", v.sqlSecurity, "definer"),
  ];
}

/** The managed (not `.existing()`) views of a snapshot; MySQL ones in `database`. */
export function snapshotViews(views: Record<string, KitView> | undefined, database?: string): ViewModel[] {
  return Object.values(views ?? {})
    .filter((v) => v.isExisting !== true && typeof v.definition === "string")
    .map((v) => ({
      schema: database ?? v.schema ?? "public",
      name: v.name,
      materialized: v.materialized === true,
      definition: v.definition ?? "",
      with:
        database === undefined
          ? Object.entries(v.with ?? {})
              .filter(([, value]) => value !== null && value !== undefined)
              .map(([k, value]) => `${snakeCase(k)}=${String(value)}`)
          : mysqlOptions(v),
    }));
}

/** A table's row-level security and policies, for a PostgreSQL snapshot table. */
export function snapshotTableSecurity(table: {
  isRLSEnabled?: boolean;
  policies?: Record<string, KitPolicy>;
}): Pick<TableModel, "rowLevelSecurity" | "policies"> {
  const policies = Object.values(table.policies ?? {}).map(
    (p): PolicyModel => ({
      name: p.name,
      permissive: (p.as ?? "PERMISSIVE").toUpperCase() !== "RESTRICTIVE",
      command: (p.for ?? "ALL").toLowerCase() as PolicyModel["command"],
      roles: p.to ?? ["public"],
      using: p.using ?? null,
      withCheck: p.withCheck ?? null,
    }),
  );
  return {
    ...(table.isRLSEnabled === true || policies.length > 0 ? { rowLevelSecurity: true as const } : {}),
    ...(policies.length > 0 ? { policies } : {}),
  };
}
