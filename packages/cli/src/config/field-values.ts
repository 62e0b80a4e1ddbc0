// The values of config fields athanor.config.ts and drizzle.config share: schema paths, casing, table and schema filters.
import { resolve } from "node:path";

/** A config's `schema`: one non-empty path (file, folder or glob) or a non-empty list of them. */
export function isSchemaPaths(value: unknown): value is string | readonly string[] {
  const isPath = (v: unknown) => typeof v === "string" && v !== "";
  return isPath(value) || (Array.isArray(value) && value.length > 0 && value.every(isPath));
}

/**
 * The schema paths resolved against the config's folder, one path staying one path.
 * `resolveSchemaPaths("/app", ["src/a.ts", "src/db/*.ts"])` → `["/app/src/a.ts", "/app/src/db/*.ts"]`
 */
export function resolveSchemaPaths(
  root: string,
  schema: string | readonly string[] | undefined,
): string | readonly string[] | undefined {
  if (schema === undefined) return undefined;
  return typeof schema === "string" ? resolve(root, schema) : schema.map((path) => resolve(root, path));
}

/** drizzle's column casings, as `drizzle({ casing })` and drizzle-kit's config take them. */
export const CASINGS = ["snake_case", "camelCase"] as const;

/** A config's `casing`: one of {@link CASINGS}. */
export function isCasing(value: unknown): value is (typeof CASINGS)[number] {
  return CASINGS.includes(value as (typeof CASINGS)[number]);
}

/** A `tablesFilter` or `schemaFilter`: a non-empty string or a non-empty list of them, read as a list. */
export function filterList(value: unknown): readonly string[] | undefined {
  if (typeof value === "string" && value !== "") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" && v !== ""))
    return value as string[];
  return undefined;
}

/** The config's `tablesFilter` and `schemaFilter` as lists, for the resolved config. */
export function filters(config: Record<string, unknown>): {
  tablesFilter?: readonly string[];
  schemaFilter?: readonly string[];
} {
  const tablesFilter = filterList(config.tablesFilter);
  const schemaFilter = filterList(config.schemaFilter);
  return {
    ...(tablesFilter === undefined ? {} : { tablesFilter }),
    ...(schemaFilter === undefined ? {} : { schemaFilter }),
  };
}
