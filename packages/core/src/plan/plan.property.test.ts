import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import { RevisionGraph } from "../graph/revision-graph.js";
import { resolveTarget } from "../graph/target.js";
import { dagArbitrary } from "../graph/testing/dag-arbitrary.js";
import type { RevisionSource } from "../revision/revision.js";
import { applyTransition, type MigrationPlan, plan } from "./plan.js";
import { planStamp } from "./plan-stamp.js";

/** Oracles written independently of the graph code, over plain maps. */
function predsOf(sources: readonly RevisionSource[]): Map<string, string[]> {
  return new Map(sources.map((s) => [s.id, [...s.parents, ...s.dependsOn]]));
}
function closure(edges: Map<string, string[]>, ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const todo = [...ids];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (out.has(id)) continue;
    out.add(id);
    todo.push(...(edges.get(id) ?? []));
  }
  return out;
}
function realHeads(sources: readonly RevisionSource[], applied: Set<string>): Set<string> {
  const covered = new Set([...applied].flatMap((id) => predsOf(sources).get(id) ?? []));
  return new Set([...applied].filter((id) => !covered.has(id)));
}
function succsOf(sources: readonly RevisionSource[]): Map<string, string[]> {
  const out = new Map<string, string[]>(sources.map((s) => [s.id, []]));
  for (const s of sources) for (const p of [...s.parents, ...s.dependsOn]) out.get(p)?.push(s.id);
  return out;
}
function simulate(p: MigrationPlan): readonly string[] {
  return p.steps.reduce((rows, step) => applyTransition(rows, step.transition), p.from);
}

/** A DAG plus a reachable database state (the heads of an ancestor-closed applied set). */
const stateArbitrary = dagArbitrary.chain((sources) =>
  fc.record({
    sources: fc.constant(sources),
    seed: fc.subarray(sources.map((s) => s.id)),
    pick: fc.subarray(sources.map((s) => s.id)),
  }),
);

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

describe("planner properties over random DAGs", () => {
  it("upgrade base → heads runs every revision once, after its parents and dependencies", () => {
    fc.assert(
      fc.property(dagArbitrary, (sources) => {
        const graph = RevisionGraph.build(sources);
        const p = plan(graph, { current: [], target: "heads", direction: "upgrade" });
        const order = p.steps.map((s) => s.revision);
        expect(sorted(order)).toEqual(sorted(sources.map((s) => s.id)));
        const position = new Map(order.map((id, i) => [id, i]));
        for (const s of sources)
          for (const pred of [...s.parents, ...s.dependsOn])
            expect(position.get(pred)).toBeLessThan(position.get(s.id) as number);
        expect(sorted(p.to)).toEqual(sorted(graph.heads()));
        expect(simulate(p)).toEqual(p.to);

        const down = plan(graph, { current: p.to, target: "base", direction: "downgrade" });
        expect(down.steps.map((s) => s.revision)).toEqual([...order].reverse());
        expect(down.to).toEqual([]);
        expect(simulate(down)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("after any plan the simulated table equals `to` and the real heads of the applied set", () => {
    fc.assert(
      fc.property(stateArbitrary, fc.boolean(), ({ sources, seed, pick }, upgrade) => {
        const graph = RevisionGraph.build(sources);
        const preds = predsOf(sources);
        const applied = closure(preds, seed);
        const current = [...realHeads(sources, applied)];
        if (upgrade) {
          const p = plan(graph, { current, target: pick, direction: "upgrade" });
          const expected = new Set([...applied, ...closure(preds, pick)]);
          expect(sorted(simulate(p))).toEqual(sorted(p.to));
          expect(sorted(p.to)).toEqual(sorted(realHeads(sources, expected)));
          expect(sorted(p.steps.map((s) => s.revision))).toEqual(
            sorted([...expected].filter((id) => !applied.has(id))),
          );
        } else {
          const targets = pick.filter((id) => applied.has(id));
          const doomed = closure(succsOf(sources), targets);
          for (const keep of closure(preds, targets)) doomed.delete(keep);
          const expected =
            targets.length === 0 ? new Set<string>() : new Set([...applied].filter((id) => !doomed.has(id)));
          const p = plan(graph, { current, target: targets, direction: "downgrade" });
          expect(sorted(simulate(p))).toEqual(sorted(p.to));
          expect(sorted(p.to)).toEqual(sorted(realHeads(sources, expected)));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("upgrade to a target then downgrade back to the start returns the start", () => {
    fc.assert(
      fc.property(stateArbitrary, ({ sources, seed, pick }) => {
        const graph = RevisionGraph.build(sources);
        const preds = predsOf(sources);
        const start = [...realHeads(sources, closure(preds, seed))];
        const up = plan(graph, { current: start, target: pick, direction: "upgrade" });
        const back = plan(graph, { current: up.to, target: start, direction: "downgrade" });
        expect(sorted(simulate(back))).toEqual(sorted(back.to));
        // Downgrading to `start` removes only descendants of start: newly applied revisions
        // on unrelated branches (e.g. the other parent of a merge) stay, as in Alembic.
        const added = up.steps.map((s) => s.revision);
        const below = closure(succsOf(sources), start);
        const stays = added.filter((id) => !below.has(id) || start.length === 0);
        const expected = new Set([...closure(preds, start), ...(start.length === 0 ? [] : stays)]);
        expect(sorted(back.to)).toEqual(sorted(realHeads(sources, expected)));
        if (start.length === 0 || added.every((id) => below.has(id)))
          expect(sorted(back.to)).toEqual(sorted(start));
      }),
      { numRuns: 300 },
    );
  });

  it("stamp leaves a valid table that the transitions reproduce", () => {
    fc.assert(
      fc.property(stateArbitrary, ({ sources, seed, pick }) => {
        const graph = RevisionGraph.build(sources);
        const preds = predsOf(sources);
        const current = [...realHeads(sources, closure(preds, seed))];
        const targets = pick.length === 0 ? ["base"] : pick;
        const s = planStamp(graph, { current, targets });
        expect(s.transitions.reduce((rows, t) => applyTransition(rows, t), current)).toEqual(s.to);
        expect(sorted(s.to)).toEqual(sorted(realHeads(sources, closure(preds, s.to))));
        for (const t of pick) expect(closure(preds, s.to).has(t)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

const grammarToken = fc.constantFrom(
  "head",
  "heads",
  "base",
  "current",
  "r1",
  "r",
  "r1x",
  "L0",
  "L3",
  "@",
  "+",
  "-",
  "1",
  "2",
  ":",
  " ",
  "+1",
  "-2",
);

describe("resolveTarget fuzzing", () => {
  it("returns known ids or throws an AthanorError, never anything else", () => {
    fc.assert(
      fc.property(
        dagArbitrary,
        fc.oneof(
          fc.string(),
          fc.array(grammarToken, { maxLength: 5 }).map((t) => t.join("")),
        ),
        fc.subarray(["r0", "r1", "r2", "r5", "zz"]),
        fc.constantFrom(undefined, "upgrade" as const, "downgrade" as const),
        (sources, target, current, direction) => {
          const graph = RevisionGraph.build(sources);
          try {
            const ids = resolveTarget(
              graph,
              target,
              direction === undefined ? { current } : { current, direction },
            );
            for (const id of ids) expect(graph.get(id)).toBeDefined();
            if (target === "heads") expect(ids).toEqual(graph.heads());
          } catch (error) {
            if (!isAthanorError(error)) throw error;
            expect(error.message.length).toBeGreaterThan(10);
            expect(() => JSON.stringify(error.toJSON())).not.toThrow();
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
