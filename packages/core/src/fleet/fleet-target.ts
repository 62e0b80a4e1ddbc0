import type { Dialect } from "../dialect/dialect.js";
import { AthanorError } from "../errors.js";
import { hasControlCharacters, inertText } from "../text/inert-text.js";

/**
 * One member of a fleet: a database (its own `dialect`, database-per-tenant) or a schema of a
 * server (`schema`: a PostgreSQL schema, a MySQL database), each with its own version and history
 * tables and its own migration lock. Targets that share one `dialect` object share its pooled
 * sessions, so a thousand schemas of one server use at most `concurrency` connections.
 *
 * @example
 * ```ts
 * const server = postgresDialect({ url: "postgres://postgres@127.0.0.1/app" });
 * const targets: FleetTarget[] = [{ name: "acme", dialect: server, schema: "tenant_acme" }];
 * ```
 */
export interface FleetTarget {
  /** How records, progress and errors name the target (unique within the fleet). */
  readonly name: string;
  readonly dialect: Dialect;
  /** Schema-per-tenant: the schema (PostgreSQL) or database (MySQL) to switch the session to. */
  readonly schema?: string | undefined;
}

/**
 * Refuses a tenant name that is empty or holds a control character or a bidirectional override
 * (ATHANOR_FLEET_TARGET_INVALID).
 * Every other name is allowed: it only ever reaches SQL through the dialect's `quoteIdent`.
 *
 * @example
 * ```ts
 * checkTargetName("tenant \"quoted\""); // fine: quoted when used
 * checkTargetName("evil\nname");        // throws ATHANOR_FLEET_TARGET_INVALID
 * ```
 */
export function checkTargetName(name: unknown, what = "fleet target"): string {
  if (typeof name !== "string" || name.length === 0)
    throw new AthanorError("ATHANOR_FLEET_TARGET_INVALID", `A ${what} name is empty or not text.`, {
      target: JSON.stringify(name ?? null),
      problem: "empty",
    });
  if (hasControlCharacters(name))
    throw new AthanorError(
      "ATHANOR_FLEET_TARGET_INVALID",
      `The ${what} name "${inertText(name)}" holds a control character (or a bidirectional override); rename the tenant or leave it out of the fleet.`,
      { target: JSON.stringify(name), problem: "control character" },
    );
  return name;
}

/**
 * Checks every target once before anything connects: valid names, no name twice, and a dialect
 * that can switch schemas when a target names one.
 */
export function checkTargets(targets: readonly FleetTarget[]): void {
  const seen = new Set<string>();
  for (const target of targets) {
    checkTargetName(target.name);
    if (target.schema !== undefined) checkTargetName(target.schema, "tenant schema");
    if (seen.has(target.name))
      throw new AthanorError(
        "ATHANOR_FLEET_TARGET_INVALID",
        `The fleet names ${JSON.stringify(target.name)} twice; each target runs once.`,
        { target: JSON.stringify(target.name), problem: "duplicate" },
      );
    seen.add(target.name);
    if (target.schema !== undefined && target.dialect.useSchema === undefined)
      throw new AthanorError(
        "ATHANOR_UNSUPPORTED",
        `The ${target.dialect.name} dialect cannot switch a session between schemas, so it cannot run a schema-per-tenant fleet; list one URL per tenant instead.`,
        { dialect: target.dialect.name, feature: "fleet schemas" },
      );
  }
}

/**
 * Schema-per-tenant targets of one server, named after their schema.
 *
 * @example
 * ```ts
 * const targets = schemaTargets(mysqlDialect({ url: "mysql://root@127.0.0.1/test" }), ["t1", "t2"]);
 * ```
 */
export function schemaTargets(dialect: Dialect, schemas: readonly string[]): FleetTarget[] {
  return schemas.map((schema) => ({ name: schema, dialect, schema }));
}
