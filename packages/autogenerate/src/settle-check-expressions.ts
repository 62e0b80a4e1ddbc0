import type { SchemaModel, TableModel } from "@athanor/core";
import { type CanonicalizeOptions, inScratchTransaction } from "./canonicalize-scratch.js";
import { sameCheckShape, skeletonTable } from "./check-shape.js";
import { same } from "./diff/same.js";
import { materializeSchemaModel } from "./materialize-schema-model.js";
import { settleViewDefinitions } from "./settle-view-definitions.js";

const MAX_PASSES = 3;

const key = (schema: string, table: string, check: string) => `${schema}\u0000${table}\u0000${check}`;

/**
 * Only what a check needs to be created: the schemas, enums and each table's column types, with
 * the checks that are to be settled (those whose key `skip` does not hold).
 */
function checkSkeleton(model: SchemaModel, skip: ReadonlySet<string>): SchemaModel {
  const tables: TableModel[] = [];
  for (const t of model.tables) {
    const checks = t.checks.filter((c) => !skip.has(key(t.schema, t.name, c.name)));
    if (checks.length > 0) tables.push({ ...skeletonTable(t), checks });
  }
  return { schemas: model.schemas, enums: model.enums, sequences: [], tables };
}

/**
 * PostgreSQL check expressions in the form the server keeps once it is given its own printed
 * form. `pg_get_constraintdef` is not a fixed point: `plan IN ('free', 'pro')` on a varchar
 * prints as `(plan)::text = ANY ((ARRAY['free'::character varying, ...])::text[])`, and that
 * text, created again, prints differently once more. Comparing a model's first printing with a
 * database created from it would then drift forever, so both sides are settled: the checks are
 * created in the scratch database (on skeleton tables: column types only) and read back until
 * the text no longer changes. Only where the scratch area says the server's printing needs it
 * (`ScratchArea.settlesPrintedTexts`, PostgreSQL's); elsewhere the model is returned as it is.
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

// Each check is settled on its own (its text is printed from its table's column types alone), so
// leaving some out changes nothing for the others: each still takes passes until it stops
// changing or MAX_PASSES is reached.
async function settleChecks(
  model: SchemaModel,
  options: CanonicalizeOptions,
  skip: ReadonlySet<string> = new Set(),
): Promise<SchemaModel> {
  if (options.area.settlesPrintedTexts !== true) return model;
  let current = model;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const skeleton = checkSkeleton(current, skip);
    if (skeleton.tables.length === 0) return current;
    const statements = materializeSchemaModel(skeleton, { hooks: options.hooks }).flatMap((op) => [
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

const byEnumKey = (model: SchemaModel) =>
  [...model.enums].sort((a, b) => (key(a.schema, a.name, "") < key(b.schema, b.name, "") ? -1 : 1));

/**
 * The checks both models hold with the same name and text on tables whose skeletons (schema,
 * name, column types) are the same, under the same enums: settling would print each of them
 * identically on both sides, so the comparison is the same without creating them.
 */
function agreedChecks(desired: SchemaModel, live: SchemaModel): Set<string> {
  const agreed = new Set<string>();
  if (!same(byEnumKey(desired), byEnumKey(live))) return agreed;
  const liveTables = new Map(live.tables.map((t) => [key(t.schema, t.name, ""), t]));
  for (const table of desired.tables) {
    const other = liveTables.get(key(table.schema, table.name, ""));
    if (other === undefined || table.checks.length === 0) continue;
    // compared as canonical JSON would compare their shapes, without building them
    if (!sameCheckShape(table, other)) continue;
    const liveTexts = new Map(other.checks.map((c) => [c.name, c.expression]));
    for (const check of table.checks)
      if (liveTexts.get(check.name) === check.expression)
        agreed.add(key(table.schema, table.name, check.name));
  }
  return agreed;
}

/**
 * {@link settleCheckExpressions} of both sides of a comparison, creating in the scratch database
 * only the checks that do not already agree: a check with the same name and text on the same
 * table shape on both sides would be settled to the same text on both, so it is left as it is
 * (on both sides). `desiredSettled`: the desired side was settled on its own already (a
 * fleet builds it once) and is left as it is. With models that match, nothing is created at all; the verdict and the
 * operations of a diff are those of settling every check (proved on the autogenerate corpus by
 * `settle-both.test.ts`).
 *
 * @example
 * ```ts
 * const { desired, live } = await settleCheckExpressionsOfBoth(canonical, await introspectPostgres(conn), options);
 * ```
 */
export async function settleCheckExpressionsOfBoth(
  desired: SchemaModel,
  live: SchemaModel,
  options: CanonicalizeOptions,
  { desiredSettled = false }: { readonly desiredSettled?: boolean } = {},
): Promise<{ readonly desired: SchemaModel; readonly live: SchemaModel }> {
  const agreed = options.area.settlesPrintedTexts === true ? agreedChecks(desired, live) : new Set<string>();
  return {
    desired: desiredSettled
      ? desired
      : await settleViewDefinitions(await settleChecks(desired, options, agreed), options),
    live: await settleViewDefinitions(await settleChecks(live, options, agreed), options),
  };
}
