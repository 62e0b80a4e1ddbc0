import { AthanorError } from "../errors.js";
import { type GraphIndex, reach } from "../graph/graph-index.js";
import type { RevisionSource } from "../revision/revision.js";
import { nextStep } from "../text/next-step.js";
import type { VersionTransition } from "./version-transition.js";

/**
 * Tracks the applied set while a plan is built, and derives each step's version-table
 * transition (alembic.md §2.4) from it.
 *
 * The applied set is always closed under ancestors, and the version table always holds its
 * real heads: applied revisions with no applied child or dependent. Keeping a count of
 * applied successors per revision makes every step O(edges of that revision), and gets the
 * corner Alembic misses right: on downgrade, a parent comes back as a row only when nothing
 * else applied still builds on it.
 *
 * @internal
 * @example
 * ```ts
 * const tracker = new HeadTracker(index, [indexOf("ae10"), indexOf("27c6")]);
 * tracker.upgrade(indexOf("53ff")); // { kind: "merge", delete: ["27c6"], from: "ae10", to: "53ff" }
 * ```
 */
export class HeadTracker {
  readonly applied: Uint8Array;
  readonly #successors: Int32Array;
  readonly #index: GraphIndex;

  constructor(index: GraphIndex, current: readonly number[]) {
    const n = index.sources.length;
    this.#index = index;
    this.applied = reach(index.preds, current, n);
    this.#successors = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (this.applied[i] === 1)
        for (const p of index.preds[i] ?? []) this.#successors[p] = (this.#successors[p] as number) + 1;
    }
    const buried = current.filter((i) => this.#successors[i] !== 0);
    if (buried.length > 0) {
      const ids = current.map((i) => this.#id(i));
      throw new AthanorError(
        "ATHANOR_VERSION_TABLE_CONFLICT",
        `The version table lists ${buried.map((i) => `'${this.#id(i)}'`).join(", ")} together with a descendant of ${buried.length > 1 ? "them" : "it"} (rows: ${ids.join(", ")}). Each row must be a head of the applied revisions. Fix it with \`${nextStep({ kind: "stamp", placeholder: "<heads>", purge: true })}\`.`,
        { current: ids, notHeads: buried.map((i) => this.#id(i)) },
      );
    }
  }

  /** True when `i` would be a row of the version table. */
  isHead(i: number): boolean {
    return this.applied[i] === 1 && this.#successors[i] === 0;
  }

  /** Marks `i` applied (its predecessors must be) and returns the table change. */
  upgrade(i: number): VersionTransition {
    const preds = this.#index.preds[i] ?? [];
    const rows = preds.filter((p) => this.isHead(p)).map((p) => this.#id(p));
    this.applied[i] = 1;
    for (const p of preds) this.#successors[p] = (this.#successors[p] as number) + 1;
    const to = this.#id(i);
    const [first, ...rest] = rows;
    if (first === undefined) return { kind: "insert", id: to };
    if (rest.length === 0) return { kind: "update", from: first, to };
    return { kind: "merge", delete: rest, from: first, to };
  }

  /** Marks `i` unapplied (it must be a head) and returns the table change. */
  downgrade(i: number): VersionTransition {
    const preds = this.#index.preds[i] ?? [];
    this.applied[i] = 0;
    for (const p of preds) this.#successors[p] = (this.#successors[p] as number) - 1;
    const restored = preds.filter((p) => this.#successors[p] === 0).map((p) => this.#id(p));
    const from = this.#id(i);
    const [first, ...rest] = restored;
    if (first === undefined) return { kind: "delete", id: from };
    if (rest.length === 0) return { kind: "update", from, to: first };
    return { kind: "unmerge", insert: rest, from, to: first };
  }

  #id(i: number): string {
    return (this.#index.sources[i] as RevisionSource).id;
  }
}
