import { phraseNextStepsWith, withNextStepPhrasing } from "@athanor/core/text";
import { CLI_PHRASING } from "./next-step-phrasing.js";
import { runsAsProcess } from "./process-guards.js";

/**
 * Runs `body` with core's next steps in the CLI's words (athanor command lines). In the CLI's own
 * process (bin.js, {@link runsAsProcess}) every piece of work is the CLI's, so the words are set
 * for the whole process; in a caller's process (a test's `main()`) only `body`'s work speaks
 * them. Why not a scope in both: on Node 20 an AsyncLocalStorage scope turns on promise hooks,
 * JavaScript run at every promise the process creates — 14 % of a PostgreSQL no-op `upgrade`'s
 * instructions (docs/performance.md, "The no-op, twenty-fifth session").
 *
 * @example
 * ```ts
 * return withCliPhrasing(async () => runCommand(ctx, argv));
 * ```
 */
export function withCliPhrasing<T>(body: () => T): T {
  if (!runsAsProcess()) return withNextStepPhrasing(CLI_PHRASING, body);
  phraseNextStepsWith(CLI_PHRASING);
  return body();
}
