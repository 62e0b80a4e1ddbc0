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
    introspect: (
      conn: Connection,
      {
        schemas,
        fewTables,
      }: { readonly schemas: readonly string[]; readonly fewTables?: boolean | undefined },
    ) => backend.introspect(conn, schemas, fewTables),
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

/**
 * What `check` does on a server without devUrl: the probes on the live session (PostgreSQL: in
 * the live database, rolled back; MySQL: in a database of their own, dropped), the scratch
 * session only for what they leave. `onLive`: the desired side never touched the scratch
 * session. `catalogue`: the live database's catalogue before and after (must match) — on
 * MySQL also every database the probes created, which must be gone.
 */
async function liveProbeModels(
  backend: CorpusBackend,
  exports: Record<string, unknown>,
  schemas: readonly string[],
): Promise<Models & { readonly onLive: boolean; readonly catalogue: readonly [string, string] }> {
  const created: string[] = [];
  const live: Connection = {
    query: (sql, params) => backend.live.query(sql, params),
    executeScript: (statements) => {
      for (const statement of statements) {
        const name = /^CREATE DATABASE `([^`]+)`/.exec(statement)?.[1];
        if (name !== undefined) created.push(name);
      }
      return backend.live.executeScript(statements);
    },
    close: () => backend.live.close(),
  };
  let scratchUsed = false;
  const scratch: Connection = {
    query: (sql, params) => {
      scratchUsed = true;
      return backend.scratch.query(sql, params);
    },
    executeScript: (statements) => {
      scratchUsed = true;
      return backend.scratch.executeScript(statements);
    },
    close: () => backend.scratch.close(),
  };
  const options = { ...optionsOf(backend, undefined), scratch };
  const before = await catalogueOf(backend);
  const desired = await canonicalizeUnsettled(modelOf(backend, exports), {
    ...options,
    liveSession: live,
  });
  const onLive = !scratchUsed;
  const after = `${await catalogueOf(backend)}${await databasesLeft(backend, created)}`;
  const models = await settleCheckExpressionsOfBoth(
    desired,
    await backend.introspect(backend.live, schemas),
    options,
  );
  return { ...models, onLive, catalogue: [before, after] };
}

// Every relation, type, constraint, default, dependency and schema of the live database, by
// count and name: a probe left behind (or a sequence advanced) changes it.
const CATALOGUE = `SELECT json_build_array(
  (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace),
  (SELECT string_agg(relname || ':' || relkind::text, ',' ORDER BY relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')),
  (SELECT count(*) FROM pg_type), (SELECT count(*) FROM pg_constraint), (SELECT count(*) FROM pg_attrdef),
  (SELECT count(*) FROM pg_depend), (SELECT count(*) FROM pg_attribute), (SELECT count(*) FROM pg_index)
)::text AS fingerprint`;

// MySQL: every table and view of the live database, with its columns, keys and checks by count.
const MYSQL_CATALOGUE = `SELECT CONCAT_WS('|',
  (SELECT GROUP_CONCAT(CONCAT(TABLE_NAME, ':', TABLE_TYPE) ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()),
  (SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()),
  (SELECT count(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()),
  (SELECT count(*) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE())
) AS fingerprint`;

async function catalogueOf(backend: CorpusBackend): Promise<string> {
  const [row] = (
    await backend.live.query<{ fingerprint: string }>(
      backend.hooks.schemasAreDatabases ? MYSQL_CATALOGUE : CATALOGUE,
    )
  ).rows;
  return row?.fingerprint ?? "";
}

/** The databases of `names` that still exist (none may: the probes drop what they create). */
async function databasesLeft(backend: CorpusBackend, names: readonly string[]): Promise<string> {
  if (names.length === 0) return "";
  const { rows } = await backend.live.query<{ name: string }>(
    `SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${names.map(() => "?").join(", ")})`,
    names,
  );
  return rows.length === 0 ? "" : ` left behind: ${rows.map((r) => r.name).join(", ")}`;
}

/** One comparison: its name, and what each path made of it. */
export interface PathComparison {
  readonly state: string;
  readonly reference: string;
  readonly fast: string;
  /** The probes on the live session (PostgreSQL: rolled back; MySQL: their database dropped); elsewhere the fast path again. */
  readonly live: string;
  /** Whether the live path's desired side was built on the live database alone. */
  readonly onLive: boolean;
  /** The live database's catalogue before and after the live path's probes. */
  readonly catalogue: readonly [string, string];
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
    // where the area never probes on the live session, the live path is the fast one
    const live =
      scratchAreaOf(backend).mayProbeOnLive === undefined
        ? { ...fast, onLive: false, catalogue: ["", ""] as const }
        : await liveProbeModels(backend, exports, schemas);
    const show = (m: Models) => {
      const diff = diffSchemas(m.desired, m.live, options);
      return JSON.stringify({ operations: diff.operations, revision: revisionText(backend, diff) }, null, 1);
    };
    out.push({
      state,
      reference: show(ref),
      fast: show(fast),
      live: show(live),
      onLive: live.onLive,
      catalogue: live.catalogue,
    });
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
