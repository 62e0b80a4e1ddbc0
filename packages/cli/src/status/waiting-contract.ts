import type { RevisionGraph } from "@athanor/core";
import {
  describeWait,
  type PendingRevision,
  pendingWork,
  uniquePending,
  type WaitReason,
} from "./pending-work.js";

/** A pending revision that waits for the contract stage. */
export type WaitingRevision = PendingRevision & { readonly waitsFor: WaitReason };

/**
 * The pending revisions that `upgrade --phase expand` would hold back: contract steps, and what
 * builds on them, each with why it waits. `athanor current` lists them under the heads.
 *
 * @example
 * ```ts
 * waitingRevisions(graph, ["mig001"]).map((p) => p.revision); // ["con001", "ord001"]
 * ```
 */
export function waitingRevisions(graph: RevisionGraph, databaseHeads: readonly string[]): WaitingRevision[] {
  return uniquePending(pendingWork(graph, databaseHeads)).filter(
    (p): p is WaitingRevision => p.waitsFor !== null,
  );
}

/**
 * {@link waitingRevisions} as text: a title line and one line per revision; nothing when none waits.
 *
 * @example
 * ```ts
 * printLines(ctx, waitingLines(waitingRevisions(graph, state.heads)));
 * ```
 */
export function waitingLines(waiting: readonly WaitingRevision[]): string[] {
  if (waiting.length === 0) return [];
  return [
    "Waiting for the contract stage:",
    ...waiting.map(
      (p) => `  ${p.phase.padEnd(9)} ${p.revision}  ${p.message}  waits for: ${describeWait(p.waitsFor)}`,
    ),
  ];
}
