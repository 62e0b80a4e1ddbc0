import { AthanorError } from "@athanor/core/errors";

/**
 * One fleet of `athanor.config.ts` (`fleets: { tenants: { schemas: { query: "…" } } }`): the
 * same revisions applied to many targets, each with its own version table and lock.
 */
export interface FleetConfig {
  /**
   * Schema-per-tenant on one server: the PostgreSQL schemas (MySQL/MariaDB: databases), listed,
   * or read with a query whose first column names them (`SELECT schema_name FROM tenants`).
   */
  readonly schemas?: readonly string[] | { readonly query: string };
  /** Database-per-tenant: one URL each (servers may differ); a bare URL is named after its host and database. */
  readonly databases?: readonly (string | { readonly name: string; readonly url: string })[];
  /** The server of `schemas` and of their query. Default: the config's `url`. */
  readonly url?: string;
}

/** A fleet as the commands use it: validated, with its name. */
export type ResolvedFleet =
  | {
      readonly name: string;
      readonly kind: "schemas";
      readonly url?: string | undefined;
      readonly schemas: readonly string[] | { readonly query: string };
    }
  | {
      readonly name: string;
      readonly kind: "databases";
      readonly databases: readonly { readonly name: string | undefined; readonly url: string }[];
    };

const FLEET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Checks the config's `fleets` field; throws ATHANOR_CONFIG_INVALID naming the field. Tenant
 * names themselves are checked when the fleet runs (a query's come from the database then).
 */
export function validateFleets(file: string, raw: unknown): readonly ResolvedFleet[] {
  const invalid = (field: string, problem: string) =>
    new AthanorError("ATHANOR_CONFIG_INVALID", `${file}: \`${field}\` ${problem}.`, { file, field });
  if (raw === undefined) return [];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw invalid("fleets", "must be an object of named fleets `{ tenants: { schemas: [...] } }`");
  return Object.entries(raw as Record<string, unknown>).map(([name, value]) => {
    const field = `fleets.${name}`;
    if (!FLEET_NAME.test(name))
      throw invalid("fleets", `names a fleet ${JSON.stringify(name)}; use letters, digits, _ . -`);
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw invalid(field, "must be an object `{ schemas }` or `{ databases }`");
    const fleet = value as Record<string, unknown>;
    for (const key of Object.keys(fleet))
      if (!["schemas", "databases", "url"].includes(key))
        throw invalid(`${field}.${key}`, "is not a field (known: schemas, databases, url)");
    if ((fleet.schemas === undefined) === (fleet.databases === undefined))
      throw invalid(
        field,
        "needs exactly one of `schemas` (schema per tenant) and `databases` (one URL per tenant)",
      );
    if (fleet.url !== undefined && (typeof fleet.url !== "string" || fleet.url === ""))
      throw invalid(`${field}.url`, "must be a non-empty string");
    if (fleet.schemas !== undefined) {
      const schemas = fleet.schemas as unknown;
      const listed = Array.isArray(schemas) && schemas.every((s) => typeof s === "string");
      const query =
        !Array.isArray(schemas) &&
        typeof schemas === "object" &&
        schemas !== null &&
        Object.keys(schemas).join() === "query" &&
        typeof (schemas as { query: unknown }).query === "string" &&
        (schemas as { query: string }).query.trim() !== "";
      if (!listed && !query)
        throw invalid(`${field}.schemas`, 'must be a list of names or `{ query: "SELECT …" }`');
      return {
        name,
        kind: "schemas",
        url: fleet.url as string | undefined,
        schemas: schemas as readonly string[] | { readonly query: string },
      };
    }
    if (fleet.url !== undefined)
      throw invalid(`${field}.url`, "applies to `schemas` only (each database has its URL)");
    if (!Array.isArray(fleet.databases))
      throw invalid(`${field}.databases`, "must be a list of URLs or `{ name, url }`");
    const databases = (fleet.databases as unknown[]).map((entry, index) => {
      if (typeof entry === "string" && entry !== "") return { name: undefined, url: entry };
      const e = entry as Record<string, unknown> | null;
      if (
        typeof e === "object" &&
        e !== null &&
        typeof e.name === "string" &&
        typeof e.url === "string" &&
        e.url !== ""
      )
        return { name: e.name, url: e.url };
      throw invalid(`${field}.databases[${index}]`, "must be a URL or `{ name, url }`");
    });
    return { name, kind: "databases", databases };
  });
}
