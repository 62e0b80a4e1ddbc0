import type { SchemaModel } from "@athanor/core";
import { type MysqlProbePlan, planMysqlProbe } from "./canonicalize-mysql-probe.js";
import type { CanonicalizeOptions } from "./canonicalize-scratch.js";
import { materializeSchemaModel } from "./materialize-schema-model.js";
import { moveSchemaModel } from "./move-schema-model.js";

type Rendering = Pick<CanonicalizeOptions, "hooks" | "render">;

/**
 * MySQL's probe plan (canonicalize-mysql-probe.ts) for the scratch database `scratch`, and the
 * statements that create its tables.
 *
 * @example
 * ```ts
 * const { plan, statements } = mysqlProbeStatements(model, "athanor_scratch_1f", options);
 * ```
 */
export function mysqlProbeStatements(
  model: SchemaModel,
  scratch: string,
  options: Rendering,
): { readonly plan: MysqlProbePlan; readonly statements: string[] } {
  const plan = planMysqlProbe(model, scratch);
  const statements = materializeSchemaModel(
    { schemas: [scratch], tables: [...plan.tables], enums: [], sequences: [] },
    { hooks: options.hooks },
  ).flatMap((op) => [...options.render(op)]);
  return { plan, statements };
}

/**
 * The statements that create the whole MySQL model (its tables in `database`) in the scratch
 * database `scratch`, foreign keys inside CREATE TABLE. Plain builders: the same operations
 * without the factories' copying and freezing.
 *
 * @example
 * ```ts
 * await conn.executeScript(mysqlModelStatements(model, "app", "athanor_scratch_1f", options));
 * ```
 */
export function mysqlModelStatements(
  model: SchemaModel,
  database: string,
  scratch: string,
  options: Rendering,
): string[] {
  return materializeSchemaModel(moveSchemaModel(model, database, scratch), {
    hooks: options.hooks,
    inlineForeignKeys: true,
    plain: true,
  }).flatMap((op) => [...options.render(op)]);
}
