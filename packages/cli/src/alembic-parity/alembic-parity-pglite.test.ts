import {
  current,
  defineRevision,
  downgrade,
  isAthanorError,
  type RunResult,
  stamp,
  upgrade,
} from "@athanor/core";
import { pgliteDialect } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import {
  graphOf,
  loadParityHistories,
  type ParityCase,
  type ParityHistory,
  type ScenarioStep,
} from "./parity-fixtures.js";
import { athanorStep } from "./replay-plan.js";

// The recorded upgrade/downgrade/stamp scenarios (tests/alembic-parity), run for real on PGlite:
// each step starts from the version rows Alembic had before it (stamped with --purge), runs
// athanor's command, and must leave the rows — and run the revisions, in the order — that the
// planner promised. alembic-parity.test.ts compares the planner with Alembic itself.
const histories = loadParityHistories().slice(0, 4);
const dialect = pgliteDialect();

function optionsFor(history: ParityHistory) {
  const revisions = history.revisions.map((r) =>
    defineRevision({
      id: r.id,
      parents: [...r.parents],
      dependsOn: [...r.dependsOn],
      branchLabels: [...r.branchLabels],
      message: `revision ${r.id}`,
      upgrade() {},
      downgrade() {},
    }),
  );
  return { dialect, revisions, versionTable: { name: `parity_${history.seed}` } };
}

function sameRows(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);
}

async function runStep(options: ReturnType<typeof optionsFor>, step: ScenarioStep) {
  const target = step.target;
  try {
    let result: RunResult;
    if (step.command === "stamp") {
      const targets = Array.isArray(target) ? target : [target as string];
      await stamp(options, targets);
      return { ran: [], rows: [...(await current(options)).heads].sort() };
    }
    if (step.command === "upgrade") result = await upgrade(options, target as string);
    else result = await downgrade(options, target as string);
    if (result.error) return { error: result.error.code };
    const state = await current(options);
    return { ran: result.results.map((r) => r.revision), rows: [...state.heads].sort() };
  } catch (error) {
    if (isAthanorError(error)) return { error: error.code };
    throw error;
  }
}

/**
 * The random scenarios (the first six recorded) and one in eight of the short relative walks
 * recorded after them (~90 per history): each step costs a stamp and a run on PGlite, and the
 * planner's answer to every one is compared with Alembic's in alembic-parity.test.ts.
 */
function replayed(history: ParityHistory) {
  const scenarios = history.cases.filter(
    (c): c is Extract<ParityCase, { command: "scenario" }> => c.command === "scenario",
  );
  return scenarios.filter((_, i) => i < 6 || i % 8 === 0);
}

describe("recorded scenarios on PGlite", () => {
  it.each(histories.map((h) => [h.seed, h] as const))(
    "history seed %s: the database does what the plan says",
    async (_seed, history) => {
      const graph = graphOf(history);
      const options = optionsFor(history);
      let steps = 0;
      for (const scenario of replayed(history)) {
        for (const [i, step] of scenario.steps.entries()) {
          const before = i === 0 ? [] : (scenario.steps[i - 1]?.alembic.rows ?? []);
          await stamp(options, before.length === 0 ? ["base"] : before, { purge: true });
          // Alembic can leave rows that are not heads (one an ancestor of another); athanor
          // cannot hold that table, so such a start is not replayable.
          if (!sameRows((await current(options)).heads, before)) continue;
          const planned = athanorStep(graph, step, before);
          const onDatabase = await runStep(options, step);
          const label = `${step.command} ${String(step.target)} from [${before.join(", ")}]`;
          if (planned.error !== undefined) {
            expect(onDatabase.error, label).toBe(planned.error);
            continue;
          }
          expect(onDatabase.error, label).toBeUndefined();
          expect(onDatabase.ran, label).toEqual((planned.steps ?? []).map(([id]) => id));
          expect(onDatabase.rows, label).toEqual(planned.rows);
          steps++;
        }
      }
      expect(steps).toBeGreaterThan(3);
    },
    240_000,
  );
});
