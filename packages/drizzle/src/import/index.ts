export type { AppliedMatch, AppliedStatus, DrizzleMigrationsRow } from "./match-applied-migrations.js";
export { catchUpCommands, matchAppliedMigrations } from "./match-applied-migrations.js";
export type { MysqlKitSnapshot } from "./mysql-snapshot-model.js";
export { mysqlSnapshotToSchemaModel } from "./mysql-snapshot-model.js";
export type { PgKitSnapshot } from "./pg-snapshot-model.js";
export { pgSnapshotToSchemaModel } from "./pg-snapshot-model.js";
export type {
  DrizzleKitImportPlan,
  ExistingRevisionFile,
  ImportedRevision,
  PlanImportOptions,
} from "./plan-drizzle-kit-import.js";
export { importedRevisionId, planDrizzleKitImport } from "./plan-drizzle-kit-import.js";
export type {
  DrizzleKitDialect,
  DrizzleKitFormat,
  DrizzleKitHistory,
  DrizzleKitMigration,
} from "./read-drizzle-kit-folder.js";
export { drizzleKitHash, readDrizzleKitFolder, STATEMENT_BREAKPOINT } from "./read-drizzle-kit-folder.js";
export type { ImportedOrigin, ImportedRevisionInput } from "./render-imported-revision.js";
export { IMPORT_MARKER, readImportedOrigin, renderImportedRevision } from "./render-imported-revision.js";
export type { SnapshotDowngrade, SnapshotPair } from "./snapshot-downgrade.js";
export { snapshotDowngrade, snapshotUpgradeChecks } from "./snapshot-downgrade.js";
export type { SqliteKitSnapshot } from "./sqlite-snapshot-model.js";
export { sqliteSnapshotToSchemaModel } from "./sqlite-snapshot-model.js";
