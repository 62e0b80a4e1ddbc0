import type { Phase, RevisionGraph } from "@athanor/core";
import { plan } from "@athanor/core/plan";

/** A revision's phase as status groups it: a revision without one is `ordinary`. */
export type PhaseGroup = Phase | "ordinary";

/** The order status lists the groups in: the order a deploy runs them. */
export const PHASE_GROUPS: readonly PhaseGroup[] = ["expand", "migrate", "ordinary", "contract"];

/**
 * Why a pending revision does not run in the expand stage (`upgrade --phase expand`):
 * it is a contract step, which must wait until no running code needs what it removes, or it
 * builds on pending contract steps.
 *
 * @example
 * ```ts
 * const reason: WaitReason = { kind: "after-contract", contract: ["con001"] };
 * ```
 */
export type WaitReason =
  | { readonly kind: "old-code-gone" }
  | { readonly kind: "after-contract"; readonly contract: readonly string[] };

/** One revision an upgrade to a head would apply. */
export interface PendingRevision {
  readonly revision: string;
  readonly message: string;
  readonly phase: PhaseGroup;
  /** Null: `upgrade --phase expand` runs it now. Otherwise why it waits for the contract stage. */
  readonly waitsFor: WaitReason | null;
}

/** What stands between the database and one head of the graph. */
export interface HeadWork {
  readonly head: string;
  readonly labels: readonly string[];
  /**
   * The newest applied revisions on this head's lineage (its ancestors, itself included): the
   * version-table rows there, or where another branch's row left this one (empty = base).
   */
  readonly databaseAt: readonly string[];
  /** In the order an upgrade applies them: first what runs now, then what waits. */
  readonly pending: readonly PendingRevision[];
}

/**
 * Per head of the graph, what is pending and whether it runs in the expand stage or waits for
 * the contract stage, computed with the same planner `upgrade --phase expand` uses (a contract
 * revision and everything that builds on it are held back). Pure: no database.
 *
 * @example
 * ```ts
 * const work = pendingWork(graph, ["exp001"]);
 * work[0]?.pending.filter((p) => p.waitsFor !== null); // the contract steps and what follows them
 * ```
 */
export function pendingWork(graph: RevisionGraph, databaseHeads: readonly string[]): HeadWork[] {
  const known = databaseHeads.filter((id) => graph.get(id) !== undefined);
  const applied = graph.ancestors(known);
  return graph.heads().map((head) => {
    const lineage = graph.ancestors([head]);
    const staged = plan(graph, { current: known, target: [head], direction: "upgrade", phase: "migrate" });
    const held = new Set(staged.heldBack);
    const heldContract = staged.heldBack.filter((id) => graph.require(id).phase === "contract");
    const describe = (id: string): PendingRevision => {
      const source = graph.require(id);
      const phase: PhaseGroup = source.phase ?? "ordinary";
      return {
        revision: id,
        message: source.message.split("\n")[0] ?? "",
        phase,
        waitsFor: !held.has(id) ? null : waitReason(graph, id, phase, heldContract),
      };
    };
    return {
      head,
      labels: graph.labelsOf(head),
      databaseAt: newestApplied(graph, lineage, applied),
      pending: [...staged.steps.map((s) => s.revision), ...staged.heldBack].map(describe),
    };
  });
}

/** Pending revisions of every head, each once, in the order they first appear. */
export function uniquePending(work: readonly HeadWork[]): PendingRevision[] {
  const seen = new Map<string, PendingRevision>();
  for (const head of work) for (const p of head.pending) if (!seen.has(p.revision)) seen.set(p.revision, p);
  return [...seen.values()];
}

/**
 * A wait reason as one line: what to wait for, and what to run then.
 *
 * @example
 * ```ts
 * describeWait({ kind: "old-code-gone" }); // "old code gone — run `athanor upgrade` after the rollout"
 * ```
 */
export function describeWait(reason: WaitReason): string {
  if (reason.kind === "old-code-gone") return "old code gone — run `athanor upgrade` after the rollout";
  const plural = reason.contract.length === 1 ? "step" : "steps";
  return `contract ${plural} ${reason.contract.join(", ")} (builds on ${reason.contract.length === 1 ? "it" : "them"})`;
}

/** Applied revisions of `lineage` that no other applied revision of it builds on. */
function newestApplied(
  graph: RevisionGraph,
  lineage: ReadonlySet<string>,
  applied: ReadonlySet<string>,
): string[] {
  const mine = (id: string) => lineage.has(id) && applied.has(id);
  return [...lineage].filter(
    (id) => mine(id) && ![...graph.children(id), ...graph.dependents(id)].some(mine),
  );
}

/** A held revision's reason: its own phase, else the pending contract steps it builds on. */
function waitReason(
  graph: RevisionGraph,
  id: string,
  phase: PhaseGroup,
  heldContract: readonly string[],
): WaitReason {
  if (phase === "contract") return { kind: "old-code-gone" };
  const ancestors = graph.ancestors([id]);
  const blocking = heldContract.filter((c) => c !== id && ancestors.has(c));
  // Name the nearest contract steps only: one that builds on another adds nothing to read.
  const nearest = blocking.filter(
    (c) => !blocking.some((other) => other !== c && graph.ancestors([other]).has(c)),
  );
  return { kind: "after-contract", contract: nearest };
}
