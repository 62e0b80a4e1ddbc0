export type { BackfillEvent, BackfillSummary, ReplicaLagSummary } from "./backfill-progress.js";
export { describeSummary, formatBackfillEvent } from "./backfill-progress.js";
export type {
  BackfillRow,
  BackfillSpec,
  ComputeBackfillSpec,
  NormalizedBackfill,
  SetBackfillSpec,
} from "./backfill-spec.js";
export { BACKFILL_DEFAULTS, normalizeBackfill } from "./backfill-spec.js";
export type {
  BackfillColumn,
  BackfillCursor,
  BackfillQuery,
  BackfillSql,
  BackfillTarget,
} from "./backfill-sql.js";
export { keyAlias } from "./backfill-sql.js";
export type { BackfillIdentity, BackfillProgressState } from "./backfill-state.js";
export { BackfillStateTable } from "./backfill-state.js";
export { assertMaxReplicaLag, type MaxReplicaLag } from "./max-replica-lag.js";
export { renderBackfillOffline } from "./render-backfill-offline.js";
export { ReplicaThrottle } from "./replica-throttle.js";
export type { BackfillRunContext } from "./run-backfill.js";
export { runBackfill } from "./run-backfill.js";
