// The public API of @athanor/testing: explicit named exports only.
export { checkDowngradeLeavesNoTrace } from "./checks/check-downgrade-leaves-no-trace.js";
export { checkModelsMatchMigrations } from "./checks/check-models-match-migrations.js";
export { checkOldCodeRunsOnExpandedSchema } from "./checks/check-old-code-runs.js";
export { checkSingleHead } from "./checks/check-single-head.js";
export { checkStairway } from "./checks/check-stairway.js";
export { checkUpgradeEachFromParent } from "./checks/check-upgrade-each-from-parent.js";
export type { DescribeMigrationsOptions } from "./describe-migrations.js";
export { describeMigrations } from "./describe-migrations.js";
export { TESTING_ERROR_CODES } from "./error-codes.js";
export type {
  CheckFailure,
  CheckName,
  CheckResult,
  DesiredSchema,
  MigrationTestConfig,
  SmokeContext,
  SmokeFunction,
} from "./migration-test-config.js";
export {
  DEFAULT_TIMEOUT_MS,
  testDowngradeLeavesNoTrace,
  testModelsMatchMigrations,
  testOldCodeRunsOnExpandedSchema,
  testSingleHead,
  testStairway,
  testUpgradeEachFromParent,
} from "./migration-tests.js";
export type {
  IntrospectTestDatabaseOptions,
  TestDatabase,
  TestDatabaseKind,
  TestDatabaseOptions,
} from "./test-database.js";
export { createTestDatabase, TEST_DATABASE_URL_VARIABLE } from "./test-database.js";
export { useTestDatabase } from "./use-test-database.js";
