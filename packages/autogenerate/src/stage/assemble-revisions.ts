import type { LintIgnore, Phase } from "@athanor/core";
import { dependentsGuards } from "./dependents-guards.js";
import type { OnlineSplit } from "./online-forms.js";
import type { Bucket, RecipeBuckets } from "./recipe-buckets.js";
import type { StagedDiff, StagedRevision, StageGroup, StageInput, StageStep } from "./stage-types.js";
import { hoistValuesFitGuards } from "./values-fit-guards.js";
import { viewsAroundStages } from "./views-around-stages.js";

const TITLES: readonly [Bucket, Phase, string][] = [
  ["expand", "expand", "expand"],
  ["migrate", "migrate", "migrate: backfill"],
  ["build", "migrate", "migrate: indexes and checks on the new columns"],
  ["catchup", "contract", "contract: backfill rows old code wrote"],
  ["prepare", "contract", "contract: NOT NULL constraints NOT VALID"],
  ["contract", "contract", "contract"],
  ["drop", "contract", "contract: drop"],
];

const ONLINE_NOTE =
  "runs without a transaction (transactional: false): CREATE INDEX CONCURRENTLY cannot run in one, and each VALIDATE scans in its own transaction while reads and writes go on. A failed concurrent build leaves an INVALID index: drop it before you run this again.";

/**
 * The staged revisions in order: the ordinary revision with what nothing staged (and the
 * differ's notes), the online one (`transactional: false`), then one per filled bucket —
 * expand, migrate, contract (catch-up backfill, NOT NULL NOT VALID, constraints, drops) — with
 * views dropped before and recreated after the stages that change what they read, and each
 * contract revision opened by the check for objects outside the models that still name the
 * columns it removes (dependentsGuards). Nothing staged: no revisions.
 *
 * @example
 * ```ts
 * assembleRevisions(input, buckets, online, ignores).revisions.map((r) => r.title); // ["", "expand", ...]
 * ```
 */
export function assembleRevisions(
  input: Pick<StageInput, "diff">,
  buckets: RecipeBuckets,
  online: OnlineSplit,
  ignores: readonly LintIgnore[],
): StagedDiff {
  if (buckets.changes.length === 0 && online.groups.length === 0)
    return { revisions: [], changes: [], ignores, notes: buckets.notes };
  const notes = [...input.diff.notes, ...buckets.notes];
  const revisions: StagedRevision[] = [];
  if (online.rest.length > 0)
    revisions.push({
      kind: "plain",
      phase: undefined,
      title: "",
      operations: online.rest,
      notes,
      inverses: input.diff.inverses,
      ...(ignores.length > 0 ? { ignores } : {}),
    });
  // Without an ordinary revision, the differ's notes open the first staged one.
  const lead = (): StageGroup[] =>
    revisions.length === 0 && notes.length > 0 ? [{ up: notes.map(noteStep), down: [] }] : [];
  if (online.groups.length > 0)
    revisions.push({
      kind: "staged",
      phase: undefined,
      title: "online",
      transactional: false,
      groups: [...lead(), { up: [noteStep(ONLINE_NOTE)], down: [] }, ...online.groups],
    });
  for (const [bucket, phase, title] of TITLES) {
    const groups = buckets.groups(bucket);
    if (groups.length === 0) continue;
    const bucketIgnores = buckets.ignores(bucket);
    const online = bucket === "build";
    revisions.push({
      kind: "staged",
      phase,
      title,
      ...(online ? { transactional: false } : {}),
      groups: [...lead(), ...(online ? [{ up: [noteStep(ONLINE_NOTE)], down: [] }] : []), ...groups],
      ...(bucketIgnores.length > 0 ? { ignores: bucketIgnores } : {}),
    });
  }
  return dependentsGuards(
    hoistValuesFitGuards(
      viewsAroundStages(
        { revisions, changes: [...buckets.changes, ...online.changes], ignores, notes: buckets.notes },
        input.diff.operations,
      ),
    ),
  );
}

function noteStep(text: string): StageStep {
  return { kind: "note", text };
}
