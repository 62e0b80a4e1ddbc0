import type { OfflineReplay, RenderContext } from "../dialect/dialect.js";
import type { Operation } from "../ops/operation.js";
import type { PlanStep } from "../plan/plan.js";
import { runOfflineRevision } from "./offline-revision.js";
import type { PreparedRun } from "./prepare-run.js";
import { renderReflecting, StepScript } from "./step-script.js";

/** Where an offline render gets prior definitions and where its rendered SQL goes. */
export interface ContextSource {
  /** The schema as the next operation finds it. */
  context(): Promise<RenderContext>;
  /** The operation statements rendered so far, in order (never printed by this). */
  record(statements: readonly string[]): Promise<void>;
}

/**
 * Renders `ops` into `script` as a run renders them. With a `source`, an operation needing a prior
 * definition (Dialect.needsPriorDefinition) gets one (what was rendered before it recorded first),
 * and a consecutive run sharing a batch key is one unit (Dialect.renderBatch), as online; without
 * one, each operation is rendered alone and such an operation is the renderer's to refuse.
 *
 * @example
 * ```ts
 * await renderOperations(script, ops, replayer.source("ae10"));
 * ```
 */
export async function renderOperations(
  script: StepScript,
  ops: readonly Operation[],
  source: ContextSource | undefined,
): Promise<void> {
  if (source === undefined) {
    for (const op of ops) script.add(op);
    return;
  }
  let recorded = script.statements.length;
  const record = async () => {
    const fresh = script.statements.slice(recorded).filter((s) => s.role === "op");
    recorded = script.statements.length;
    if (fresh.length > 0) await source.record(fresh.map((s) => s.sql));
  };
  await renderReflecting(script, [...ops], async () => {
    await record();
    return source.context();
  });
  await record();
}

/** Thrown into a replayed revision's code when it asks the database (`op.query`). */
class AsksDatabase extends Error {}

/**
 * The offline stand-in database of one `--sql` render (Dialect.offlineReplay), opened lazily: a
 * render that never needs a prior definition opens nothing. When first needed it is opened, the
 * revisions before the range (`before`, from base) are replayed into it — their SQL rendered as a
 * run would and applied, never printed — then what the range rendered so far, and from then on
 * every rendered revision as it is rendered. A revision before the range that cannot be replayed
 * (it calls `op.query`, or its code or rendering fails) loses the replay from there: every later
 * prior definition is refused naming it, and the range still renders what needs none.
 *
 * @example
 * ```ts
 * const replayer = OfflineReplayer.for(run, stepsBefore);
 * await renderOperations(script, ops, replayer?.source(step.revision));
 * await replayer?.close();
 * ```
 */
export class OfflineReplayer {
  private opened: Promise<OfflineReplay> | undefined;
  private readonly owed: { readonly revision: string; readonly statements: readonly string[] }[] = [];

  private constructor(
    private readonly run: PreparedRun,
    private readonly before: readonly PlanStep[],
  ) {}

  /** A replayer when the dialect has a stand-in and renders from prior definitions; else undefined. */
  static for(run: PreparedRun, before: readonly PlanStep[]): OfflineReplayer | undefined {
    const { dialect } = run.options;
    if (dialect.offlineReplay === undefined || dialect.reflect === undefined) return undefined;
    return new OfflineReplayer(run, before);
  }

  /** The context source of `revision`, one of the range's. */
  source(revision: string): ContextSource {
    return {
      context: async () => (await this.open()).reflect(),
      record: async (statements) => {
        if (this.opened === undefined) this.owed.push({ revision, statements });
        else await (await this.opened).apply(revision, statements);
      },
    };
  }

  async close(): Promise<void> {
    if (this.opened !== undefined) await (await this.opened).close();
  }

  private open(): Promise<OfflineReplay> {
    this.opened ??= (async () => {
      const replay = await (this.run.options.dialect.offlineReplay as () => Promise<OfflineReplay>)();
      for (const step of this.before) {
        const lost = await this.replayStep(replay, step);
        if (lost === undefined) continue;
        replay.lose(step.revision, lost);
        break;
      }
      for (const { revision, statements } of this.owed.splice(0)) await replay.apply(revision, statements);
      return replay;
    })();
    return this.opened;
  }

  /** Replays one revision before the range; why it could not be, or undefined. */
  private async replayStep(replay: OfflineReplay, step: PlanStep): Promise<string | undefined> {
    const { dialect } = this.run.options;
    const ops: Operation[] = [];
    let asked = false;
    try {
      await runOfflineRevision(this.run, step.revision, step.direction, {
        emit: (op) => ops.push(op),
        query: async () => {
          asked = true; // even if the revision catches this, what it emits next is a guess
          throw new AsksDatabase();
        },
        // a backfill writes rows only: the schema is the same without it
        backfill: async () => undefined,
      });
      if (asked) throw new AsksDatabase();
      await renderOperations(new StepScript(dialect), ops, {
        context: () => replay.reflect(),
        record: (statements) => replay.apply(step.revision, statements),
      });
      return undefined;
    } catch (error) {
      if (error instanceof AsksDatabase)
        return "it calls op.query(), whose answer comes from the database's rows";
      return `it could not be replayed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
