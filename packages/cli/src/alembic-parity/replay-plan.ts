import {
  applyTransition,
  isAthanorError,
  type MigrationPlan,
  parseRange,
  plan,
  planStamp,
  type RevisionGraph,
  resolveTarget,
  revisionsInRange,
} from "@athanor/core";
import type { Answer, ParityCase, RecordedStep, ScenarioStep } from "./parity-fixtures.js";

/**
 * athanor's answer to one recorded question, from the graph and planner alone (no database).
 * `show` and `history -r` read the database's revision only for `current` and bare `+N`/`-N`;
 * the replay puts that database at the graph's heads (Alembic walks such forms from the heads).
 * A `downgrade` starts from `upgraded`, the rows Alembic's `upgrade heads` left.
 *
 * @example
 * ```ts
 * athanorAnswer(graph, { command: "show", target: "heads", alembic }); // { ids: [...] }
 * ```
 */
export function athanorAnswer(
  graph: RevisionGraph,
  question: Exclude<ParityCase, { command: "scenario" }>,
  upgraded: readonly string[],
): Answer {
  return answer(() => {
    switch (question.command) {
      case "show":
        return { ids: resolveTarget(graph, question.target, { current: graph.heads() }) };
      case "history":
        return { ids: revisionsInRange(graph, parseRange(question.range), { current: graph.heads() }) };
      case "upgrade-sql":
        return planned(plan(graph, { current: [], target: question.target, direction: "upgrade" }));
      case "downgrade":
        return planned(plan(graph, { current: upgraded, target: question.target, direction: "downgrade" }));
    }
  });
}

/**
 * athanor's answer to one step of a stateful scenario, starting from `rows` (the version table
 * Alembic had before that step, so every step is compared on its own).
 *
 * @example
 * ```ts
 * athanorStep(graph, { command: "stamp", target: ["a", "b"], alembic }, []); // { steps: [], rows: ["a", "b"] }
 * ```
 */
export function athanorStep(graph: RevisionGraph, step: ScenarioStep, rows: readonly string[]): Answer {
  return answer(() => {
    const target = step.target;
    if (step.command === "stamp") {
      const targets = typeof target === "string" ? [target] : target;
      return { steps: [], rows: [...planStamp(graph, { current: rows, targets }).to].sort() };
    }
    if (typeof target !== "string") throw new Error("upgrade and downgrade take one target");
    return planned(plan(graph, { current: rows, target, direction: step.command }));
  });
}

function planned(p: MigrationPlan): Answer {
  let rows: readonly string[] = p.from;
  const steps = p.steps.map((step): RecordedStep => {
    rows = applyTransition(rows, step.transition);
    return [step.revision, step.direction === "upgrade" ? "up" : "down", [...rows].sort()];
  });
  return { steps, rows: [...rows].sort() };
}

function answer(run: () => Answer): Answer {
  try {
    return run();
  } catch (error) {
    if (isAthanorError(error)) return { error: error.code };
    throw error;
  }
}
