import {
  type CheckResult,
  checkDowngradeLeavesNoTrace,
  checkModelsMatchMigrations,
  checkOldCodeRunsOnExpandedSchema,
  checkSingleHead,
  checkStairway,
  checkUpgradeEachFromParent,
  type MigrationTestConfig,
  type TestDatabase,
} from "@athanor/testing";

/** Every `@athanor/testing` check, in `describeMigrations`'s order, on one database. */
export async function runEveryCheck(db: TestDatabase, config: MigrationTestConfig): Promise<CheckResult[]> {
  return [
    await checkSingleHead(config),
    await checkUpgradeEachFromParent(db, config),
    await checkStairway(db, config),
    await checkDowngradeLeavesNoTrace(db, config),
    await checkModelsMatchMigrations(db, config),
    await checkOldCodeRunsOnExpandedSchema(db, config),
  ];
}
