// Dialects build their batched-backfill SQL with this; re-exported here so a dialect's start-up
// path (`@athanor/core/dialect`) does not load the backfill engine.
export { keyAlias } from "../backfill/backfill-sql.js";
export { batchAssignments, batchColumns, batchFilter, batchKeyList } from "../backfill/batch-sql-parts.js";
// Config validation checks a replica-lag limit on every start-up; here so it loads neither the
// backfill engine nor the root barrel.
export { assertMaxReplicaLag, type MaxReplicaLag } from "../backfill/max-replica-lag.js";
// mkdir -p that cannot spin on a folder refusing children with ENOENT (procfs): see the file.
export { makeDirectory } from "../fs/make-directory.js";
// where every cache of athanor lives (`$XDG_CACHE_HOME` or `~/.cache`, absolute only)
export { userCacheHome } from "../fs/user-cache-home.js";
// A dialect without column positions refuses them with this; here so a dialect's renderer does
// not load the root barrel at start-up.
export { columnPositionUnsupported } from "../ops/column-position.js";
// A renderer splits an index replaced under its name into its drop and create with this; here so
// a dialect's renderer does not load the root barrel at start-up (start-up-servers.test.ts).
export { replacementSteps } from "../ops/replacement-steps.js";
// A dialect that keeps files in the user's cache folder (PGlite's initdb snapshot) holds them to
// the same rule as core's own caches: a private folder, files no one else can write.
export { ensurePrivateDir, isPrivateFile } from "../revision/private-cache-dir.js";
export type { Connection, QueryResult, ScriptNow } from "./connection.js";
export type {
  BatchClockSql,
  BookkeepingCatalogSql,
  BookkeepingSqlHooks,
  ClusterStatus,
  Dialect,
  DialectCapabilities,
  LockOptions,
  MigrationLockHolder,
  OfflineReplay,
  OrderedMd5Sql,
  RenderContext,
  ReplicaLag,
  ReplicaLagLimit,
  SessionDialect,
  StatementCancelSql,
  VersionTableLocation,
} from "./dialect.js";
export type {
  CreatePrivilege,
  DialectFamily,
  DialectModule,
  DialectName,
  DialectTarget,
  IntrospectScope,
  OpenedDialect,
  ScratchArea,
  ScratchAreaDatabase,
  ScratchDatabaseSql,
  SessionDialectModule,
  StageHooks,
  StoredSpelling,
  TableName,
  TargetRequest,
  ThrowawayDatabase,
  ThrowawayDatabases,
} from "./dialect-module.js";
export {
  type DialectEntry,
  dialectEntry,
  dialectEntryForUrl,
  type LoadHint,
  loadDialect,
  loadSessionDialect,
  registerDialect,
  registeredDialects,
  registeredUrlSchemes,
  unregisterDialect,
  urlScheme,
  urlWithDatabase,
} from "./dialect-registry.js";
export type {
  DifferHooks,
  InPlaceRules,
  StagingHooks,
  UnstagedHooks,
} from "./differ-hooks.js";
export { importPeer, type PeerNeed } from "./import-peer.js";
export { differsOnlyInCase, type FoldedNameKinds } from "./name-case.js";
export type { ReplayColumn, ReplayConventions } from "./replay-conventions.js";
export type { DialectRunWarning, RunnerWarning } from "./run-warning.js";
export {
  assertVersionTableNamesFit,
  type BookkeepingNames,
  type DerivedName,
  derivedVersionTableNames,
  type IdentifierLimit,
  identifierLength,
  PRIMARY_KEY_SUFFIX,
  VERSION_TABLE_SUFFIXES,
  versionTableCompanionNames,
} from "./version-table-names.js";
export { withConnection } from "./with-connection.js";
