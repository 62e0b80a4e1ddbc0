// The differential proof of autogenerate's fast paths: every corpus case is compared twice —
// the reference path (each model canonicalised by full materialisation, every check settled on
// its own side) and the path `check` and autogenerate take — at four database states, and the
// two must produce the same operations and the same revision text. Test-only.
import {
  canonicalizeSchemaModel,
  canonicalizeUnsettled,
  diffSchemas,
  parseRenameHint,
  settleCheckExpressions,
  settleCheckExpressionsOfBoth,
} from "@athanor/autogenerate";
import type { Connection, SchemaModel } from "@athanor/core";
import { collectDrizzleSchema } from "../../collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "../../drizzle-to-schema-model.js";
import {
  apply,
  bodyOf,
  type CorpusBackend,
  type CorpusCase,
  record,
  revisionText,
  scratchAreaOf,
} from "./run-corpus-case.js";

type Models = { readonly desired: SchemaModel; readonly live: SchemaModel };

function optionsOf(backend: CorpusBackend, strategy: "full" | undefined) {
  return {
    hooks: backend.hooks,
    area: scratchAreaOf(backend),
    scratch: backend.scratch,
    render: backend.render,
    introspect: (conn: Connection, { schemas }: { readonly schemas: readonly string[] }) =>
      backend.introspect(conn, schemas),
    ...(strategy === undefined ? {} : { strategy }),
  };
}

function modelOf(backend: CorpusBackend, exports: Record<string, unknown>): SchemaModel {
  const collected = collectDrizzleSchema([exports]);
  return backend.hooks.schemasAreDatabases
    ? drizzleToSchemaModel(collected, { dialect: "mysql", database: backend.database ?? "" })
    : drizzleToSchemaModel(collected, { dialect: "postgresql" });
}

/** The reference: full materialisation, every check of each side settled on its own. */
async function referenceModels(
  backend: CorpusBackend,
  exports: Record<string, unknown>,
  schemas: readonly string[],
): Promise<Models> {
  const options = optionsOf(backend, "full");
  const desired = await canonicalizeSchemaModel(modelOf(backend, exports), options);
  const live = await settleCheckExpressions(await backend.introspect(backend.live, schemas), options);
  return { desired, live };
}

/** What `readModels` does: the default canonicalisation, checks settled for both sides at once. */
async function fastModels(
  backend: CorpusBackend,
  exports: Record<string, unknown>,
  schemas: readonly string[],
): Promise<Models> {
  const options = optionsOf(backend, undefined);
  const desired = await canonicalizeUnsettled(modelOf(backend, exports), options);
  return settleCheckExpressionsOfBoth(desired, await backend.introspect(backend.live, schemas), options);
}

/** One comparison: its name, and what each path made of it. */
export interface PathComparison {
  readonly state: string;
  readonly reference: string;
  readonly fast: string;
}

/**
 * Runs `c` (empty → before → autogenerate → upgrade) and at each state diffs the models
 * against the live database by both paths; returns the comparisons (operations and the
 * revision text, as JSON) for the test to assert equal.
 *
 * @example
 * ```ts
 * for (const cmp of await compareFastPath(backend, c)) expect(cmp.fast, cmp.state).toBe(cmp.reference);
 * ```
 */
export async function compareFastPath(backend: CorpusBackend, c: CorpusCase): Promise<PathComparison[]> {
  await backend.reset();
  const schemasOf = (exports: Record<string, unknown>) => modelOf(backend, exports).schemas;
  const schemas = [
    ...new Set([
      ...schemasOf(c.before()),
      ...schemasOf(c.after()),
      ...(backend.hooks.defaultSchema === undefined ? [] : [backend.hooks.defaultSchema]),
    ]),
  ];
  const differ = { hooks: backend.hooks };
  const renames = { ...differ, renames: (c.renames ?? []).map(parseRenameHint) };
  const out: PathComparison[] = [];
  const compare = async (state: string, exports: Record<string, unknown>, options = differ) => {
    const ref = await referenceModels(backend, exports, schemas);
    const fast = await fastModels(backend, exports, schemas);
    const show = (m: Models) => {
      const diff = diffSchemas(m.desired, m.live, options);
      return JSON.stringify({ operations: diff.operations, revision: revisionText(backend, diff) }, null, 1);
    };
    out.push({ state, reference: show(ref), fast: show(fast) });
    return diffSchemas(ref.desired, ref.live, options);
  };
  // The old models are created as the reference makes them, then compared on both paths.
  await apply(backend, (await compare("empty database vs before", c.before())).operations);
  await compare("before vs before (no drift)", c.before());
  const change = await compare("before vs after (the case's change)", c.after(), renames);
  await apply(backend, record(bodyOf(revisionText(backend, change), "upgrade"), backend.dialect));
  await compare("after vs after (no drift)", c.after());
  return out;
}
