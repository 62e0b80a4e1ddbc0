// What a command loads before it knows whether a run has work: the no-op summary and its check,
// the revision folder's stamps, the runner's defaults and the progress formatting its printer
// needs for lock waits. The CLI answers a no-op `upgrade` from this entry alone; `./runner` (the
// planner, the step code, the header loader) is imported only when the summary does not answer.
// Each bundle entry shares its chunks with the others, so classes and module state exist once.
export type { BackfillEvent } from "./backfill/backfill-progress.js";
export { formatBackfillEvent } from "./backfill/backfill-progress.js";
export type { StampedRevisionFolder } from "./revision/stamp-revision-folder.js";
export { stampRevisionFolder } from "./revision/stamp-revision-folder.js";
export type { NoopCheckOptions, NoopSummary } from "./runner/noop-summary.js";
export { acceptNoopSummary, confirmNoopUpgrade } from "./runner/noop-summary.js";
export { RUNNER_DEFAULTS } from "./runner/runner-options.js";
export type {
  RunnerEvent,
  RunResult,
  StepDirection,
  StepResult,
} from "./runner/runner-result.js";
