// the CLI's progress printer formats backfill events without loading the root barrel
export type { BackfillEvent } from "../backfill/backfill-progress.js";
export { formatBackfillEvent } from "../backfill/backfill-progress.js";
// the client's side of a dialect's `orderedMd5` (the no-op digest), for its tests to compare
export { appliedDigest } from "./applied-digest.js";
export type { HistoryDirection, HistoryRowInput, HistoryStatus, RunIdentity } from "./bookkeeping-sql.js";
export { BookkeepingSql, VERSION_NUM_LENGTH } from "./bookkeeping-sql.js";
export { fileChecksum } from "./checksum.js";
export { readClusterStatus } from "./cluster-status.js";
export type { CurrentAdvice, CurrentState, PartialRunReport } from "./inspect.js";
export { acceptChecksum, checkChecksums, current } from "./inspect.js";
export type { InvalidIndex } from "./invalid-indexes.js";
export { findInvalidIndexes } from "./invalid-indexes.js";
export type { LockReading } from "./lock-holder.js";
export { readMigrationLock } from "./lock-holder.js";
export type { LockRetryEvent, LockRetryInput, LockRetryOptions, LockSafetySql } from "./lock-retry.js";
export { LOCK_RETRY_DEFAULTS } from "./lock-retry.js";
export type { MigrateOptions } from "./migrate.js";
export { downgrade, upgrade } from "./migrate.js";
export type { NoopCheckOptions, NoopSummary } from "./noop-summary.js";
export { acceptNoopSummary, confirmNoopUpgrade } from "./noop-summary.js";
// types only: the op cache itself is exported by the root barrel, so `upgrade` never loads it
export type { FileOpCacheOptions, OpCache, OpCacheKey, RevisionDependencies } from "./op-cache.js";
export { callsOpOnly, markOpCallsOnly } from "./op-calls-only.js";
export type { PartialRun, PartialStory } from "./partial-story.js";
export type { PreparedRun as MigrationContext } from "./prepare-run.js";
export { prepareRun as createMigrationContext, retargetRun } from "./prepare-run.js";
export type { HistoryEntry, RunState } from "./recorded-state.js";
export { noopUpgradeHeads, parseRunState } from "./recorded-state.js";
export type { RenderedRevision, RenderedSql, RenderSqlRequest } from "./render-sql.js";
export { renderSql } from "./render-sql.js";
export type { ResolvedRunnerOptions, RevisionModule, RunnerOptions } from "./runner-options.js";
export { lockKeyOf, RUNNER_DEFAULTS } from "./runner-options.js";
export type {
  RunnerEvent,
  RunResult,
  StepDirection,
  StepError,
  StepResult,
  StepStatus,
} from "./runner-result.js";
export type { StampOptions } from "./stamp.js";
export { stamp, stampedHeads } from "./stamp.js";
export { summariseNoop } from "./summarise-noop.js";
export type { ChecksumMismatch } from "./verify-state.js";
