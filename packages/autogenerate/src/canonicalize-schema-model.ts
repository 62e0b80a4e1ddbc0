import { randomBytes } from "node:crypto";
import type { SchemaModel, ScratchAreaDatabase } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import { probeOnLive } from "./canonicalize-live-probe.js";
import {
  mayProbeMysqlOnLive,
  mysqlProbeDatabaseName,
  probeMysqlOnLive,
} from "./canonicalize-mysql-live-probe.js";
import { assembleFromMysqlProbes, mysqlProbeFallbackReason } from "./canonicalize-mysql-probe.js";
import { mysqlFullRenderIsRedundant } from "./canonicalize-mysql-render-guard.js";
import { mysqlModelStatements, mysqlProbeStatements } from "./canonicalize-mysql-statements.js";
import { assembleFromProbes, probeSchemaFor, probeStatements } from "./canonicalize-postgres-probe.js";
import { probeFallbackReason } from "./canonicalize-probe-eligibility.js";
import { planProbe } from "./canonicalize-probe-plan.js";
import { splitReusableTables } from "./canonicalize-reuse.js";
import {
  type CanonicalizeOptions,
  canonicalizeFailed as failed,
  inScratchTransaction,
} from "./canonicalize-scratch.js";
import { materializeSchemaModel } from "./materialize-schema-model.js";
import { moveSchemaModel } from "./move-schema-model.js";
import { settleCheckExpressions } from "./settle-check-expressions.js";

// Options and the scratch transaction live apart so settle-check-expressions.ts can use them
// without importing this file back.
export type { CanonicalizeOptions, ScratchIntrospector } from "./canonicalize-scratch.js";

/**
 * PostgreSQL's probe plan (canonicalize-postgres-probe.ts) in one rolled-back transaction, on
 * the live database where it may (canonicalize-live-probe.ts), else on the scratch one;
 * `undefined` when the models may not take it (views and policies are printed from the real
 * tables they read, so only the full build has them).
 */
async function probeInTransaction(
  model: SchemaModel,
  options: CanonicalizeOptions,
): Promise<SchemaModel | undefined> {
  const security = model.tables.some((t) => t.rowLevelSecurity === true);
  const probe = options.strategy !== "full" && (model.views ?? []).length === 0 && !security;
  if (!probe || probeFallbackReason(model) !== null) return undefined;
  const onLive = await probeOnLive(model, options);
  if (onLive !== undefined) return onLive;
  const plan = planProbe(model, probeSchemaFor(model), options.hooks);
  const read = await inScratchTransaction(probeStatements(plan, options), options, [
    ...model.schemas,
    plan.probeSchema,
  ]);
  return assembleFromProbes(model, plan, read);
}

/**
 * The models built in full inside transactions on the (empty) dev database, read back and rolled
 * back. Where the area sets `tablesPerPass` (SQLite scans its schema table per CREATE, so one
 * pass over 1,000 tables is quadratic), tables go in passes of that many — a foreign key's parent
 * need not exist when its child is created and a table's canonical form depends on nothing
 * outside it. Views read their tables: a model with views goes in one pass.
 */
async function canonicalizeInTransaction(
  model: SchemaModel,
  options: CanonicalizeOptions,
): Promise<SchemaModel> {
  if (options.area.probePlan === "postgresql") {
    const probed = await probeInTransaction(model, options);
    if (probed !== undefined) return probed;
  }
  const split = splitReusableTables(model, options);
  if (split === undefined) return buildInPasses(model, options, undefined);
  const built = await buildInPasses(split.build, options, split.rendered);
  if (split.reused.length === 0) return built;
  return { ...built, tables: [...built.tables, ...split.reused].sort(byName) };
}

// in the order one pass reads them: by name, as SQLite compares text (bytes)
const byName = (a: { name: string }, b: { name: string }) =>
  Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));

/** The full build in transactions, `tablesPerPass` tables at a time where the area sets it. */
async function buildInPasses(
  model: SchemaModel,
  options: CanonicalizeOptions,
  rendered: ReadonlyMap<SchemaModel["tables"][number], readonly string[]> | undefined,
): Promise<SchemaModel> {
  const statementsOf = (part: SchemaModel) => {
    // tables whose statements were rendered one at a time already are not rendered again
    const fresh =
      rendered === undefined ? part : { ...part, tables: part.tables.filter((t) => !rendered.has(t)) };
    // rendered and thrown away: plain builders (the factories still build, and refuse, anything unusual)
    const own = materializeSchemaModel(fresh, { hooks: options.hooks, plain: true }).flatMap((op) => [
      ...options.render(op),
    ]);
    return rendered === undefined ? own : [...own, ...part.tables.flatMap((t) => rendered.get(t) ?? [])];
  };
  const pass = async (part: SchemaModel) => inScratchTransaction(statementsOf(part), options, model.schemas);
  const perPass = options.area.tablesPerPass;
  if (perPass === undefined || (model.views ?? []).length > 0 || model.tables.length <= perPass)
    return pass(model);
  const tables: SchemaModel["tables"][number][] = [];
  for (let at = 0; at < model.tables.length; at += perPass) {
    const part = { ...model, tables: model.tables.slice(at, at + perPass) };
    tables.push(...(await pass(part)).tables);
  }
  return { ...(await pass({ ...model, tables: [] })), tables: tables.sort(byName) };
}

/**
 * MySQL's probes run in the empty scratch database; `undefined` when the server refused a probe
 * (a row too wide, a default it rejects), after removing what was created, so the full way
 * runs and reports the server's own error.
 */
async function probeInDatabase(
  model: SchemaModel,
  { plan, statements }: ReturnType<typeof mysqlProbeStatements>,
  scratch: string,
  area: ScratchAreaDatabase,
  options: CanonicalizeOptions,
): Promise<SchemaModel | undefined> {
  // A model without tables (the last one dropped) has no probes: no DROP with an empty list.
  const dropProbes = async () => {
    if (plan.tables.length === 0) return;
    await options.scratch.executeScript(
      area.dropTables(
        scratch,
        plan.tables.map((t) => t.name),
      ),
    );
  };
  try {
    await options.scratch.executeScript(statements);
  } catch {
    await dropProbes();
    return undefined;
  }
  try {
    return assembleFromMysqlProbes(
      model,
      plan,
      await options.introspect(options.scratch, { schemas: [scratch] }),
    );
  } finally {
    if (options.scratchDatabase !== undefined) await dropProbes();
  }
}

/**
 * The models built in a database of their own on the server (MySQL: a schema is a database):
 * the given dev database, else `athanor_scratch_<random>` created and dropped around the work.
 */
async function canonicalizeInDatabase(
  model: SchemaModel,
  area: ScratchAreaDatabase,
  options: CanonicalizeOptions,
): Promise<SchemaModel> {
  const [database, ...others] = model.schemas;
  if (database === undefined) return model;
  if (others.length > 0) {
    throw new AthanorError(
      "ATHANOR_UNSUPPORTED",
      `The MySQL/MariaDB model spans several databases (${model.schemas.join(", ")}); canonicalisation handles one. Keep every table in the connection's database.`,
      { schemas: [...model.schemas] },
    );
  }
  const given = options.scratchDatabase;
  const scratch = given ?? `athanor_scratch_${randomBytes(6).toString("hex")}`;
  const conn = options.scratch;
  const render = () => mysqlModelStatements(model, database, scratch, options);
  const probing =
    options.area.probePlan === "mysql" &&
    options.strategy !== "full" &&
    mysqlProbeFallbackReason(model) === null;
  // the probes go on the live session, into a database of their own, where it is given
  const onLive = probing && (await mayProbeMysqlOnLive(options));
  const probeDatabase = onLive ? mysqlProbeDatabaseName() : scratch;
  // Rendered before anything is created, even when the probes answer (then thrown away): the
  // factories and the renderer still refuse what they refuse — unless the probes' own statements
  // render every part such a refusal could come from (canonicalize-mysql-render-guard.ts).
  let statements = probing && mysqlFullRenderIsRedundant(model) ? undefined : render();
  let probes: ReturnType<typeof mysqlProbeStatements> | undefined;
  try {
    probes = probing ? mysqlProbeStatements(model, probeDatabase, options) : undefined;
  } catch (refused) {
    // the whole model's refusal as it was worded before (for the user's tables), else the probes' own
    if (statements === undefined) render();
    throw refused;
  }
  if (onLive && probes !== undefined) {
    const probed = await probeMysqlOnLive(model, probes, probeDatabase, area, options);
    if (probed !== undefined) return probed;
    // refused there: the full way in the scratch database reports the server's own error
    probes = undefined;
  }
  // A refused CREATE DATABASE is the server's privileges, not the models: reported as it is.
  if (given === undefined) await conn.executeScript(area.create(scratch));
  // A view's query names tables unqualified, and MySQL resolves them in the session's current
  // database when the view is created: the scratch database is made current meanwhile.
  const views = (model.views ?? []).length > 0;
  const current = views ? await area.current(conn) : null;
  try {
    if (probes !== undefined) {
      const probed = await probeInDatabase(model, probes, scratch, area, options);
      if (probed !== undefined) return probed;
    }
    statements ??= render();
    try {
      await conn.executeScript([...(views ? area.use(scratch) : []), ...statements]);
    } catch (cause) {
      throw failed(options, cause);
    }
    return moveSchemaModel(await options.introspect(conn, { schemas: [scratch] }), scratch, database);
  } finally {
    if (current !== null) await conn.executeScript(area.use(current));
    if (given === undefined) await conn.executeScript(area.drop(scratch));
  }
}

/**
 * Brings a model read from Drizzle into exactly the form a live introspection produces, by
 * letting the database do it: the model is created in a scratch place with
 * {@link materializeSchemaModel} (one script, one round trip) and read back with the same
 * introspector. Types, defaults, check/index/generated expressions then read as the server
 * prints them (`'ok'::mood`, `(age >= 0)`, `lower((email)::text)`), with no regex anywhere.
 *
 * @example
 * ```ts
 * const pg = await PGlite.create();
 * const canonical = await canonicalizeSchemaModel(model, {
 *   hooks: postgresDifferHooks, area: postgresScratchArea, scratch: pgliteConnection(pg), render: renderPostgres,
 *   introspect: (c, { schemas }) => introspectPostgres(c, { schemas }),
 * });
 * diffSchemaModels(canonical, await introspectPostgres(live, { schemas: canonical.schemas })); // []
 * ```
 */
export async function canonicalizeSchemaModel(
  model: SchemaModel,
  options: CanonicalizeOptions,
): Promise<SchemaModel> {
  return settleCheckExpressions(await canonicalizeUnsettled(model, options), options);
}

/**
 * {@link canonicalizeSchemaModel} without settling check texts, views and policies (where the
 * area settles them): for a caller that settles both sides of a comparison at once
 * (`settleCheckExpressionsOfBoth`). Internal to the autogenerate pipeline.
 *
 * @example
 * ```ts
 * const { desired, live } = await settleCheckExpressionsOfBoth(await canonicalizeUnsettled(model, options), live, options);
 * ```
 */
export async function canonicalizeUnsettled(
  model: SchemaModel,
  options: CanonicalizeOptions,
): Promise<SchemaModel> {
  // The dialect module's scratch area says where models are built; nothing here names a database.
  const { database } = options.area;
  return database === undefined
    ? canonicalizeInTransaction(model, options)
    : canonicalizeInDatabase(model, database, options);
}
