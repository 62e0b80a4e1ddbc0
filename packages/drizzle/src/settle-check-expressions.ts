import type { SchemaModel, TableModel } from "@athanor/core";
import { type CanonicalizeOptions, inScratchTransaction } from "./canonicalize-scratch.js";
import { materializeSchemaModel } from "./materialize-schema-model.js";
import { settleViewDefinitions } from "./settle-view-definitions.js";

const MAX_PASSES = 3;

/** Only what a check needs to be created: the schemas, enums and each table's column types. */
function checkSkeleton(model: SchemaModel): SchemaModel {
  const tables: TableModel[] = model.tables
    .filter((t) => t.checks.length > 0)
    .map(({ rowLevelSecurity: _, policies: _p, ...t }) => ({
      ...t,
      columns: t.columns.map((c) => ({
        ...c,
        nullable: true,
        default: null,
        identity: null,
        generated: null,
        comment: null,
        onUpdate: null,
      })),
      primaryKey: null,
      uniques: [],
      foreignKeys: [],
      indexes: [],
      comment: null,
    }));
  return { schemas: model.schemas, enums: model.enums, sequences: [], tables };
}

const key = (schema: string, table: string, check: string) => `${schema}\u0000${table}\u0000${check}`;

/**
 * PostgreSQL check expressions in the form the server keeps once it is given its own printed
 * form. `pg_get_constraintdef` is not a fixed point: `plan IN ('free', 'pro')` on a varchar
 * prints as `(plan)::text = ANY ((ARRAY['free'::character varying, ...])::text[])`, and that
 * text, created again, prints differently once more. Comparing a model's first printing with a
 * database created from it would then drift forever, so both sides are settled: the checks are
 * created in the scratch database (on skeleton tables: column types only) and read back until
 * the text no longer changes.
 *
 * @example
 * ```ts
 * const desired = await settleCheckExpressions(await canonicalizeSchemaModel(model, options), options);
 * const live = await settleCheckExpressions(await introspectPostgres(conn), options);
 * ```
 */
export async function settleCheckExpressions(
  model: SchemaModel,
  options: CanonicalizeOptions,
): Promise<SchemaModel> {
  // View definitions and policy expressions are no fixed point either (settle-view-definitions.ts).
  return settleViewDefinitions(await settleChecks(model, options), options);
}

async function settleChecks(model: SchemaModel, options: CanonicalizeOptions): Promise<SchemaModel> {
  if (options.dialect !== "postgresql" || !model.tables.some((t) => t.checks.length > 0)) return model;
  let current = model;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const skeleton = checkSkeleton(current);
    const statements = materializeSchemaModel(skeleton, { dialect: "postgresql" }).flatMap((op) => [
      ...options.render(op),
    ]);
    const read = await inScratchTransaction(statements, options, skeleton.schemas);
    const printed = new Map<string, string>();
    for (const t of read.tables)
      for (const c of t.checks) printed.set(key(t.schema, t.name, c.name), c.expression);
    let changed = false;
    const tables = current.tables.map((t) => {
      if (t.checks.length === 0) return t;
      const checks = t.checks.map((c) => {
        const expression = printed.get(key(t.schema, t.name, c.name)) ?? c.expression;
        if (expression === c.expression) return c;
        changed = true;
        return { ...c, expression };
      });
      return { ...t, checks };
    });
    if (!changed) return current;
    current = { ...current, tables };
  }
  return current;
}
