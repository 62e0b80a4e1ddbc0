import type { PlanStep } from "../plan/plan.js";
import type { RevisionSet } from "./revision-set.js";

/**
 * Overlaps the client with the server: once a step's last batch is on its way, the next step's
 * revision module is loaded (checksummed, read, imported) while the server runs that batch, so
 * the next step finds it loaded. A general runner capability: every dialect's online run gets it
 * (a batch handed to the driver is the only signal it needs).
 *
 * Loading a module earlier changes nothing a run promises: the modules of a plan were always
 * loaded before its first step (the placeholder check needed them), so a module's top level
 * never ran later than this. A failed load is kept in the revision set's cached promise and
 * reported by the step that needs it, as before; a plan that stops early never awaits it.
 *
 * @example
 * ```ts
 * const prefetch = prefetchNextRevision(run.revisions, migrationPlan.steps);
 * // in the step, once its last batch is handed to the driver:
 * prefetch(step);
 * ```
 */
export function prefetchNextRevision(
  revisions: RevisionSet,
  steps: readonly PlanStep[],
): (sent: PlanStep) => void {
  const next = new Map<PlanStep, string>();
  for (let i = 0; i + 1 < steps.length; i++)
    next.set(steps[i] as PlanStep, (steps[i + 1] as PlanStep).revision);
  return (sent) => {
    const revision = next.get(sent);
    if (revision === undefined) return;
    next.delete(sent); // a retried attempt sends again: one prefetch is enough
    afterPendingWrites(() => {
      revisions.definition(revision).catch(() => undefined);
    });
  };
}

/**
 * Runs `work` once the writes the current tick handed to a driver have reached the socket.
 * Drivers write a query in the call (mysql2), in the microtasks after it, or from a
 * `setImmediate` those microtasks schedule (postgres.js coalesces writes that way); an immediate
 * scheduled from an immediate runs one event-loop turn later, after all of those. Loading the
 * next module before the batch is written would only delay the batch: the overlap would be fake.
 */
function afterPendingWrites(work: () => void): void {
  setImmediate(() => setImmediate(work));
}
