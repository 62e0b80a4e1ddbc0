import {
  createMigrationContext,
  type Dialect,
  downgrade,
  isAthanorError,
  type MigrationContext,
  type RevisionSource,
  type RunResult,
  upgrade,
} from "@athanor/core";
import type { CheckFailure, MigrationTestConfig } from "./migration-test-config.js";

/** A step's outcome: nothing to report, or the failure that ends the check. */
export type StepOutcome = { readonly ok: true } | { readonly ok: false; readonly failure: CheckFailure };

const OK: StepOutcome = { ok: true };

/**
 * Walks a history one revision at a time in topological order (parents and dependencies
 * first), keeping track of what is applied so any single revision can be reverted on its own,
 * even in a branched history.
 *
 * @example
 * ```ts
 * const walker = await HistoryWalker.open(config, db.dialect);
 * for (const rev of walker.order) await walker.upgradeOne(rev.id, "upgrade");
 * ```
 */
export class HistoryWalker {
  readonly #applied = new Set<string>();

  private constructor(
    readonly context: MigrationContext,
    /** Every revision, parents and dependencies first. */
    readonly order: readonly RevisionSource[],
    private readonly customImporter: boolean,
  ) {}

  /** Loads the revisions and builds the graph for `dialect`. */
  static async open(config: MigrationTestConfig, dialect: Dialect): Promise<HistoryWalker> {
    const context = await createMigrationContext({
      dialect,
      revisions: config.revisions,
      importer: config.importer,
      versionTable: config.versionTable === undefined ? undefined : { name: config.versionTable },
    });
    return new HistoryWalker(context, context.graph.revisions(), config.importer !== undefined);
  }

  /** `a1 ("create users")`, for messages. */
  describe(id: string): string {
    const message = this.context.graph.get(id)?.message ?? "";
    return message === "" ? id : `${id} ("${message}")`;
  }

  /** Applies exactly `id`, whose ancestors must already be applied. */
  async upgradeOne(id: string, step: string): Promise<StepOutcome> {
    const outcome = await this.#run(id, step, () => upgrade(this.context, id));
    if (outcome.ok) this.#applied.add(id);
    return outcome;
  }

  /**
   * Reverts exactly `id`, which must be applied with nothing applied on top of it. The target
   * is the set of heads that stay (so sibling branches stay applied) plus its parents and
   * dependencies.
   */
  async downgradeOne(id: string, step: string): Promise<StepOutcome> {
    const graph = this.context.graph;
    const remaining = [...this.#applied].filter((r) => r !== id);
    const source = graph.require(id);
    const isolated = remaining.length === 0 || source.parents.length > 0 || source.dependsOn.length > 0;
    if (isolated) {
      const stay = new Set(remaining);
      const heads = remaining.filter(
        (r) => !graph.children(r).some((c) => stay.has(c)) && !graph.dependents(r).some((d) => stay.has(d)),
      );
      // heads alone would not reach `id` when it hangs off an earlier branch point; its
      // parents do, and they stay applied anyway
      const targets = [...new Set([...heads, ...source.parents, ...source.dependsOn])];
      const outcome = await this.#run(id, step, () => downgrade(this.context, targets));
      if (outcome.ok) this.#applied.delete(id);
      return outcome;
    }
    // A second base without parents descends from nothing that stays applied, so no downgrade
    // target isolates it: revert everything, then bring the rest back.
    const all = await this.#run(id, step, () => downgrade(this.context, "base"), [...this.#applied]);
    if (!all.ok) return all;
    this.#applied.clear();
    for (const r of this.order) {
      if (!remaining.includes(r.id)) continue;
      const again = await this.upgradeOne(r.id, `${step} (re-applying ${r.id} after reverting to base)`);
      if (!again.ok) return again;
    }
    return OK;
  }

  async #run(
    id: string,
    step: string,
    action: () => Promise<RunResult>,
    expected: readonly string[] = [id],
  ): Promise<StepOutcome> {
    let run: RunResult;
    try {
      run = await action();
    } catch (error) {
      // pre-flight failures (a revision that does not load, a checksum mismatch) are thrown
      const text = isAthanorError(error) ? `${error.code}: ${error.message}` : String(error);
      const hint =
        isAthanorError(error) && error.code === "ATHANOR_REVISION_LOAD_FAILED" && !this.customImporter
          ? "\nUnder vitest, pass `importer: (path) => import(path)` in the config so TypeScript revision files load."
          : "";
      return this.#fail(id, step, `${step} of revision ${this.describe(id)} could not start: ${text}${hint}`);
    }
    if (run.error !== undefined) {
      const e = run.error;
      const failing = run.results.find((r) => r.error !== undefined)?.revision ?? id;
      // the runner's message usually quotes the SQL already
      const where = e.sql === undefined || e.message.includes(e.sql) ? "" : `\n  SQL: ${e.sql}`;
      return {
        ok: false,
        failure: {
          revision: failing,
          step,
          message: `${step} of revision ${this.describe(failing)} failed: ${e.message}${where}`,
          error: e,
        },
      };
    }
    const done = run.results.filter((r) => r.status === "applied").map((r) => r.revision);
    if (done.length !== expected.length || !expected.every((r) => done.includes(r))) {
      return this.#fail(
        id,
        step,
        `${step} of revision ${this.describe(id)} ran [${done.join(", ")}] instead of [${expected.join(", ")}]. ` +
          "Some revision was already applied or not applied, which points at a version-table problem.",
      );
    }
    return OK;
  }

  #fail(revision: string, step: string, message: string): StepOutcome {
    return { ok: false, failure: { revision, step, message } };
  }
}
