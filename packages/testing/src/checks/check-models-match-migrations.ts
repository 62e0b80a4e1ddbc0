import {
  AthanorError,
  diffSchemaModels,
  formatSchemaDifferences,
  isAthanorError,
  normalizeSchemaModel,
  type Operation,
  type SchemaModel,
  upgrade,
} from "@athanor/core";
import { canonicalDrizzleSchema, drizzleSourceOf, type ModelsProposal } from "../drizzle-desired-schema.js";
import { HistoryWalker } from "../history-walker.js";
import type { CheckResult, DesiredSchema, MigrationTestConfig } from "../migration-test-config.js";
import type { TestDatabase } from "../test-database.js";

interface Desired {
  readonly model: SchemaModel;
  /**
   * The operations `athanor check` would propose, and the differences it leaves to be made by
   * hand, when the Drizzle differ is in play.
   */
  readonly operations?: ((live: SchemaModel) => ModelsProposal) | undefined;
}

async function resolveDesired(db: TestDatabase, desired: DesiredSchema): Promise<Desired> {
  if ("drizzleSchema" in desired || "drizzleModules" in desired) {
    const canonical = await canonicalDrizzleSchema(db, drizzleSourceOf(desired));
    return { model: canonical.model, operations: canonical.diff };
  }
  const model = typeof desired.model === "function" ? await desired.model() : desired.model;
  return { model: normalizeSchemaModel(model) };
}

/**
 * Models match migrations (pytest-alembic's `test_model_definitions_match_ddl`): upgrade an
 * empty database to the heads, read it, and compare it with the desired schema. For a Drizzle
 * schema this is `athanor check` at head — the Drizzle differ must propose no operation; for a
 * model you pass, the two models must be equal. The failure lists the proposed SQL and the
 * schema differences (`+` only in the models, `-` only in the migrated database, `~` changed).
 * With `config.singleTransaction` the upgrade is one transaction, as such a deploy runs it.
 *
 * @example
 * ```ts
 * const result = await checkModelsMatchMigrations(db, {
 *   revisions: "./migrations/versions",
 *   desired: { drizzleSchema: "./src/db/schema.ts" },
 * });
 * ```
 */
export async function checkModelsMatchMigrations(
  db: TestDatabase,
  config: MigrationTestConfig,
  desiredSchema: DesiredSchema | undefined = config.desired,
): Promise<CheckResult> {
  const check = "models-match-migrations";
  if (desiredSchema === undefined) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      'checkModelsMatchMigrations needs the desired schema: pass `desired: { drizzleSchema: "./src/db/schema.ts" }` or `desired: { model }`.',
      {},
    );
  }
  await db.reset();
  // canonicalising needs the empty database, so it runs before the migrations
  const desired = await resolveDesired(db, desiredSchema);
  const walker = await HistoryWalker.open(config, db.dialect);
  const single = config.singleTransaction === true;
  const run = await upgrade(walker.context, "heads", single ? { singleTransaction: true } : {});
  if (run.error !== undefined) {
    const failing = run.results.find((r) => r.error !== undefined)?.revision;
    const message = `Upgrading to the heads${single ? " in one transaction" : ""} failed${failing === undefined ? "" : ` at revision ${walker.describe(failing)}`}: ${run.error.message}`;
    return { ok: false, check, failure: { revision: failing, step: "upgrade", message, error: run.error } };
  }
  const live = await db.introspect({ versionTable: config.versionTable });
  const differences = diffSchemaModels(live, desired.model).filter(
    (d) => !(config.ignoreDifference?.(d) ?? false),
  );
  const proposal = desired.operations?.(live);
  const operations = proposal?.operations;
  const byHand = proposal?.byHand ?? [];
  const matches =
    operations === undefined ? differences.length === 0 : operations.length === 0 && byHand.length === 0;
  const heads = run.heads.after;
  if (matches) return { ok: true, check, revisions: heads };
  const proposed =
    operations === undefined || operations.length === 0
      ? ""
      : `\`athanor check\` would propose ${operations.length} operation(s):\n${operations
          .flatMap((op) => renderProposed(db, op))
          .map((sql) => `  ${sql}`)
          .join("\n")}\n`;
  const unwritten = byHand.map((note) => `  by hand: ${note}\n`).join("");
  const message =
    `The schema the migrations build at head (${heads.join(", ")}) does not match the models.\n${proposed}${unwritten}` +
    `Differences (migrated database → models):\n${formatSchemaDifferences(differences) || "  (none visible in the schema model)"}\n` +
    "Generate the missing revision with `athanor revision --autogenerate`, or fix the models.";
  return { ok: false, check, failure: { step: "compare", message, differences } };
}

/**
 * An operation as SQL for the failure message. A SQLite table rebuild is rendered from the
 * table's definition read inside a migration, which a message has not: it is named instead.
 */
function renderProposed(db: TestDatabase, op: Operation): readonly string[] {
  try {
    return db.dialect.render(op);
  } catch (error) {
    if (!isAthanorError(error) || error.meta?.needs !== "rebuild") throw error;
    const table = "table" in op && typeof op.table === "object" ? ` on ${JSON.stringify(op.table.name)}` : "";
    return [`-- ${op.kind}${table}: a table rebuild (rendered when a migration reads the table)`];
  }
}
