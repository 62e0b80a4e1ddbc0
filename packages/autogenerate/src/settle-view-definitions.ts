import type { SchemaModel } from "@athanor/core";
import { type CanonicalizeOptions, inScratchTransaction } from "./canonicalize-scratch.js";
import { materializeSchemaModel } from "./materialize-schema-model.js";

const MAX_PASSES = 3;
const key = (...parts: string[]) => parts.join("\u0000");

/**
 * PostgreSQL view definitions and policy expressions in the form the server keeps once it is
 * given its own printed form. Like checks (settle-check-expressions.ts), `pg_get_viewdef` is
 * not a fixed point: `plan IN ('free', 'pro')` on a varchar prints as
 * `... = ANY ((ARRAY['free'::character varying, ...])::text[])`, and that text, created again,
 * prints as `... = ANY (ARRAY[('free'::character varying)::text, ...])`. So the whole model is
 * created in the scratch database from its current texts and read back until they stop
 * changing; both the desired and the live side go through this, and then compare. Only where
 * the scratch area asks for it (`ScratchArea.settlesPrintedTexts`); elsewhere the model is as is.
 *
 * @example
 * ```ts
 * const live = await settleViewDefinitions(await introspectPostgres(conn), options);
 * ```
 */
export async function settleViewDefinitions(
  model: SchemaModel,
  options: CanonicalizeOptions,
): Promise<SchemaModel> {
  const policies = model.tables.some((t) => (t.policies ?? []).length > 0);
  const none = (model.views ?? []).length === 0 && !policies;
  if (options.area.settlesPrintedTexts !== true || none) return model;
  let current = model;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const statements = materializeSchemaModel(current, { hooks: options.hooks }).flatMap((op) => [
      ...options.render(op),
    ]);
    const read = await inScratchTransaction(statements, options, current.schemas);
    const views = new Map((read.views ?? []).map((v) => [key(v.schema, v.name), v.definition]));
    const printed = new Map(
      read.tables.flatMap((t) => (t.policies ?? []).map((p) => [key(t.schema, t.name, p.name), p] as const)),
    );
    let changed = false;
    const settledViews = current.views?.map((v) => {
      const definition = views.get(key(v.schema, v.name)) ?? v.definition;
      if (definition === v.definition) return v;
      changed = true;
      return { ...v, definition };
    });
    const tables = current.tables.map((t) => {
      if (t.policies === undefined) return t;
      return {
        ...t,
        policies: t.policies.map((p) => {
          const again = printed.get(key(t.schema, t.name, p.name));
          if (again === undefined || (again.using === p.using && again.withCheck === p.withCheck)) return p;
          changed = true;
          return { ...p, using: again.using, withCheck: again.withCheck };
        }),
      };
    });
    if (!changed) return current;
    current = { ...current, tables, ...(settledViews === undefined ? {} : { views: settledViews }) };
  }
  return current;
}
