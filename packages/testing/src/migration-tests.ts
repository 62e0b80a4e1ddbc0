import { it } from "vitest";
import { assertCheck } from "./check-error.js";
import { checkDowngradeLeavesNoTrace } from "./checks/check-downgrade-leaves-no-trace.js";
import { checkModelsMatchMigrations } from "./checks/check-models-match-migrations.js";
import { checkOldCodeRunsOnExpandedSchema } from "./checks/check-old-code-runs.js";
import { checkSingleHead } from "./checks/check-single-head.js";
import { checkStairway } from "./checks/check-stairway.js";
import { checkUpgradeEachFromParent } from "./checks/check-upgrade-each-from-parent.js";
import type {
  CheckResult,
  DesiredSchema,
  MigrationTestConfig,
  SmokeFunction,
} from "./migration-test-config.js";
import { withModelsDefault } from "./models-default-database.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

/** Default timeout of each registered test: it walks the whole history on a real database. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** True for a database object (as opposed to options saying where to create one). */
export function isTestDatabase(value: unknown): value is TestDatabase {
  return typeof (value as TestDatabase | undefined)?.reset === "function";
}

/**
 * Runs `check` on the configured database, or on a fresh one created for this call and
 * dropped afterwards.
 */
async function onDatabase(
  config: MigrationTestConfig,
  check: (db: TestDatabase) => Promise<CheckResult>,
  desired: DesiredSchema | undefined = config.desired,
): Promise<CheckResult> {
  const given = config.database;
  if (isTestDatabase(given)) return check(given);
  const db = await createTestDatabase(await withModelsDefault(given ?? {}, desired));
  try {
    return await check(db);
  } finally {
    await db.dispose();
  }
}

function register(name: string, config: MigrationTestConfig, run: () => Promise<CheckResult>): void {
  it(
    name,
    async () => {
      const result = await run();
      assertCheck(result);
      // accepted differences are reported, never silent
      for (const note of result.ok ? (result.notes ?? []) : []) console.info(`NOTE(athanor): ${note}`);
    },
    config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
}

/**
 * Registers a vitest test: the history has exactly one head. See {@link checkSingleHead}.
 *
 * @example
 * ```ts
 * testSingleHead({ revisions: "./migrations/versions" });
 * ```
 */
export function testSingleHead(config: MigrationTestConfig): void {
  register("has a single head", config, () => checkSingleHead(config));
}

/**
 * Registers a vitest test: every revision upgrades from its parent, one at a time from an
 * empty database. See {@link checkUpgradeEachFromParent}.
 *
 * @example
 * ```ts
 * testUpgradeEachFromParent({ revisions: "./migrations/versions" });
 * ```
 */
export function testUpgradeEachFromParent(config: MigrationTestConfig): void {
  register("upgrades every revision from its parent", config, () =>
    onDatabase(config, (db) => checkUpgradeEachFromParent(db, config)),
  );
}

/**
 * Registers a vitest test: for each revision, upgrade, downgrade, upgrade again. See {@link checkStairway}.
 *
 * @example
 * ```ts
 * testStairway({ revisions: "./migrations/versions" });
 * ```
 */
export function testStairway(config: MigrationTestConfig): void {
  register("walks the stairway: upgrade, downgrade, upgrade again for each revision", config, () =>
    onDatabase(config, (db) => checkStairway(db, config)),
  );
}

/**
 * Registers a vitest test: each downgrade restores the schema its upgrade started from.
 * See {@link checkDowngradeLeavesNoTrace}.
 *
 * @example
 * ```ts
 * testDowngradeLeavesNoTrace({ revisions: "./migrations/versions" });
 * ```
 */
export function testDowngradeLeavesNoTrace(config: MigrationTestConfig): void {
  register("downgrades leave no trace in the schema", config, () =>
    onDatabase(config, (db) => checkDowngradeLeavesNoTrace(db, config)),
  );
}

/**
 * Registers a vitest test: at head the database matches the models (`athanor check` is
 * empty). See {@link checkModelsMatchMigrations}.
 *
 * @example
 * ```ts
 * testModelsMatchMigrations({ revisions: "./migrations/versions" }, { drizzleSchema: "./src/db/schema.ts" });
 * ```
 */
export function testModelsMatchMigrations(config: MigrationTestConfig, desired?: DesiredSchema): void {
  register("matches the models at head", config, () =>
    onDatabase(config, (db) => checkModelsMatchMigrations(db, config, desired), desired ?? config.desired),
  );
}

/**
 * Registers a vitest test: the previous app version (the smoke function) keeps working after
 * every expand and migrate revision. See {@link checkOldCodeRunsOnExpandedSchema}.
 *
 * @example
 * ```ts
 * testOldCodeRunsOnExpandedSchema({ revisions: "./migrations/versions" }, async ({ connection }) => {
 *   await connection.query("SELECT id, email FROM users");
 * });
 * ```
 */
export function testOldCodeRunsOnExpandedSchema(config: MigrationTestConfig, smoke?: SmokeFunction): void {
  register("keeps old code working on the expanded schema", config, () =>
    onDatabase(config, (db) => checkOldCodeRunsOnExpandedSchema(db, config, smoke)),
  );
}
