import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RevisionGraph, type RevisionSource } from "@athanor/core";

/** One revision as tests/alembic-parity/record.py wrote it, in Alembic's load order. */
export interface FixtureRevision {
  readonly file: string;
  readonly id: string;
  readonly parents: readonly string[];
  readonly dependsOn: readonly string[];
  readonly branchLabels: readonly string[];
}

/** A version-table row set after one step: `[revision, "up" | "down", rows]`. */
export type RecordedStep = readonly [string, "up" | "down", readonly string[]];

/**
 * What a tool answered: the revisions it named (`ids`, in its order), the steps it ran with the
 * rows after each, the rows at the end, or that it failed (`error`: Alembic's message, or
 * athanor's error code).
 */
export interface Answer {
  readonly ids?: readonly string[];
  readonly steps?: readonly RecordedStep[];
  readonly rows?: readonly string[];
  readonly error?: string;
  readonly warnings?: readonly string[];
}

/** A stateful step: the command, its target(s), and Alembic's answer from the rows before it. */
export interface ScenarioStep {
  readonly command: "upgrade" | "downgrade" | "stamp";
  readonly target: string | readonly string[];
  readonly alembic: Answer;
}

/** One recorded question. `downgrade` starts from the rows Alembic's `upgrade heads` left (`upgraded`). */
export type ParityCase =
  | { readonly command: "show"; readonly target: string; readonly alembic: Answer }
  | { readonly command: "history"; readonly range: string; readonly alembic: Answer }
  | { readonly command: "upgrade-sql"; readonly target: string; readonly alembic: Answer }
  | { readonly command: "downgrade"; readonly target: string; readonly alembic: Answer }
  | { readonly command: "scenario"; readonly steps: readonly ScenarioStep[] };

/** One recorded history and every question asked about it. */
export interface ParityHistory {
  readonly seed: number;
  readonly alembic: string;
  readonly revisions: readonly FixtureRevision[];
  /** Alembic's `upgrade heads` on an empty database: where every `downgrade` case starts. */
  readonly upgraded: Answer;
  readonly cases: readonly ParityCase[];
}

/** Where record.py writes: tests/alembic-parity/fixtures at the repository root. */
export const FIXTURE_DIR = join(
  new URL("../../../../", import.meta.url).pathname,
  "tests",
  "alembic-parity",
  "fixtures",
);

/**
 * Every recorded history, by file name order.
 *
 * @example
 * ```ts
 * for (const history of loadParityHistories()) console.log(history.seed, history.cases.length);
 * ```
 */
export function loadParityHistories(dir = FIXTURE_DIR): ParityHistory[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as ParityHistory);
}

/**
 * The history as athanor loads it: revision files sorted by path, which is the order the
 * recorder made Alembic load them in.
 *
 * @example
 * ```ts
 * const graph = graphOf(history); // RevisionGraph
 * ```
 */
export function graphOf(history: ParityHistory): RevisionGraph {
  return RevisionGraph.build(history.revisions.map(sourceOf));
}

/** A fixture revision as the header athanor reads from a revision file. */
export function sourceOf(revision: FixtureRevision): RevisionSource {
  return {
    id: revision.id,
    parents: revision.parents,
    dependsOn: revision.dependsOn,
    branchLabels: revision.branchLabels,
    message: `revision ${revision.id}`,
    transactional: true,
    file: `migrations/versions/${revision.file.replace(/\.py$/, ".ts")}`,
  };
}
