import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RevisionGraph } from "../graph/revision-graph.js";
import { dagArbitrary } from "../graph/testing/dag-arbitrary.js";
import { PHASES, type Phase, type RevisionSource } from "../revision/revision.js";
import { applyTransition, type MigrationPlan, plan } from "./plan.js";

/** A random DAG whose revisions carry random phases (or none), plus an applied starting state. */
const phasedArbitrary = dagArbitrary.chain((sources) =>
  fc.record({
    sources: fc
      .array(fc.constantFrom<Phase | undefined>(undefined, ...PHASES), {
        minLength: sources.length,
        maxLength: sources.length,
      })
      .map((phases) => sources.map((s, i): RevisionSource => ({ ...s, phase: phases[i] }))),
    seed: fc.subarray(sources.map((s) => s.id)),
    limit: fc.constantFrom<Phase>("expand", "migrate"),
  }),
);

/** Oracles over plain maps, independent of the graph code. */
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
function realHeads(sources: readonly RevisionSource[], applied: Set<string>): string[] {
  const preds = predsOf(sources);
  const covered = new Set([...applied].flatMap((id) => preds.get(id) ?? []));
  return [...applied].filter((id) => !covered.has(id));
}
const simulate = (p: MigrationPlan) =>
  p.steps.reduce((rows, s) => applyTransition(rows, s.transition), p.from);
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("phase planning over random DAGs", () => {
  it("--phase never applies a later-phase revision nor anything built on a pending one; plain upgrade then finishes the job", () => {
    fc.assert(
      fc.property(phasedArbitrary, ({ sources, seed, limit }) => {
        const graph = RevisionGraph.build(sources);
        const preds = predsOf(sources);
        const byId = new Map(sources.map((s) => [s.id, s]));
        const applied = closure(preds, seed);
        const start = realHeads(sources, applied);
        const late = (id: string) => {
          const phase = byId.get(id)?.phase;
          return phase !== undefined && PHASES.indexOf(phase) > PHASES.indexOf(limit);
        };

        const staged = plan(graph, { current: start, target: "heads", direction: "upgrade", phase: limit });
        const ran = staged.steps.map((s) => s.revision);
        for (const id of ran) {
          expect(late(id)).toBe(false);
          // no pending later-phase ancestor: contract work and what builds on it wait together
          for (const ancestor of closure(preds, [id]))
            if (!applied.has(ancestor)) expect(late(ancestor)).toBe(false);
        }
        // ...and nothing else waits: every pending revision without such an ancestor runs
        const pending = sources.map((s) => s.id).filter((id) => !applied.has(id));
        const free = pending.filter(
          (id) => ![...closure(preds, [id])].some((a) => !applied.has(a) && late(a)),
        );
        expect(sorted(ran)).toEqual(sorted(free));
        expect(sorted(staged.heldBack)).toEqual(sorted(pending.filter((id) => !free.includes(id))));
        expect(sorted(simulate(staged))).toEqual(sorted(staged.to));
        expect(sorted(staged.to)).toEqual(sorted(realHeads(sources, new Set([...applied, ...ran]))));

        const rest = plan(graph, { current: staged.to, target: "heads", direction: "upgrade" });
        const direct = plan(graph, { current: start, target: "heads", direction: "upgrade" });
        expect(sorted([...ran, ...rest.steps.map((s) => s.revision)])).toEqual(
          sorted(direct.steps.map((s) => s.revision)),
        );
        expect(sorted(rest.to)).toEqual(sorted(direct.to));
        expect(sorted(rest.to)).toEqual(sorted(graph.heads()));
        expect(rest.heldBack).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("a second --phase run applies nothing new until the contract revisions ran", () => {
    fc.assert(
      fc.property(phasedArbitrary, ({ sources, seed, limit }) => {
        const graph = RevisionGraph.build(sources);
        const start = realHeads(sources, closure(predsOf(sources), seed));
        const first = plan(graph, { current: start, target: "heads", direction: "upgrade", phase: limit });
        const again = plan(graph, { current: first.to, target: "heads", direction: "upgrade", phase: limit });
        expect(again.steps).toEqual([]);
        expect(sorted(again.heldBack)).toEqual(sorted(first.heldBack));
      }),
      { numRuns: 300 },
    );
  });
});
