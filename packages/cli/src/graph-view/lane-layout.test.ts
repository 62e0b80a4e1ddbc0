import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHARSETS } from "./charset.js";
import { laneCells } from "./lane-cells.js";
import { type LaneLayout, type LayoutInput, layoutLanes } from "./lane-layout.js";

/** Random DAGs, newest first: node i may only have parents among nodes i+1… (older). */
const dags = fc
  .array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 40 })
  .map((parentPicks): LayoutInput[] => {
    const n = parentPicks.length;
    return parentPicks.map((picks, i) => {
      const older = n - i - 1;
      const parents = older === 0 ? [] : [...new Set(picks.map((p) => `n${i + 1 + (p % older)}`))];
      return { id: `n${i}`, parents };
    });
  });

/**
 * Follows every parent edge through the rows: the lane the child hands its parent (its own lane
 * for the first parent, a fork target for the others) must stay active in every row between
 * them, never be taken by another revision, and end at the parent (its lane, or a join into it).
 */
function checkEdges(nodes: readonly LayoutInput[], layout: LaneLayout): void {
  const rowOf = new Map<number, number>();
  layout.rows.forEach((row, r) => {
    if (row.kind === "node") rowOf.set(row.node, r);
  });
  const indexOf = new Map(nodes.map((n, i) => [n.id, i]));
  nodes.forEach((node, child) => {
    const r = rowOf.get(child) as number;
    const fork = layout.rows[r + 1];
    const forkLanes = fork?.kind === "fork" ? fork.to : [];
    node.parents
      .filter((p) => indexOf.has(p))
      .forEach((parentId, k) => {
        const parent = indexOf.get(parentId) as number;
        let lane = k === 0 ? (layout.lanes[child] as number) : (forkLanes[k - 1] as number);
        expect(lane).toBeDefined();
        for (let between = r + 1; between < (rowOf.get(parent) as number); between++) {
          const row = layout.rows[between];
          if (row === undefined) throw new Error("row missing");
          if (row.kind === "join" && row.from.includes(lane) && layout.rows[between + 1]?.kind === "node") {
            const next = layout.rows[between + 1];
            if (next?.kind === "node" && next.node === parent) {
              lane = row.lane; // joined into the parent's lane just above it
              continue;
            }
          }
          expect(row.active[lane], `edge ${node.id}->${parentId} lane ${lane} at row ${between}`).toBe(true);
          if (row.kind === "node") expect(row.lane).not.toBe(lane);
        }
        expect(layout.lanes[parent]).toBe(lane);
      });
  });
}

describe("layoutLanes", () => {
  it("gives every revision one row and keeps every parent edge connected", () => {
    fc.assert(
      fc.property(dags, (nodes) => {
        const layout = layoutLanes(nodes);
        expect(
          layout.rows.filter((r) => r.kind === "node").map((r) => (r.kind === "node" ? r.node : -1)),
        ).toEqual(nodes.map((_, i) => i));
        checkEdges(nodes, layout);
        expect(layout.open).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("puts the first parent in its child's lane and merge parents to the right", () => {
    const layout = layoutLanes([
      { id: "m", parents: ["a", "b"] },
      { id: "a", parents: ["base"] },
      { id: "b", parents: ["base"] },
      { id: "base", parents: [] },
    ]);
    expect(layout.lanes).toEqual([0, 0, 1, 0]);
    expect(layout.rows.map((r) => r.kind)).toEqual(["node", "fork", "node", "node", "join", "node"]);
  });

  it("ends lanes at parents outside the drawn set and keeps lanes to the next page open", () => {
    const page = [
      { id: "m", parents: ["a", "b"] },
      { id: "a", parents: ["base"] },
    ];
    expect(layoutLanes(page).open).toEqual([]);
    expect(layoutLanes(page, new Set(["m", "a", "b", "base"])).open).toEqual([true, true]);
  });

  it("lays out 10,000 revisions in 25 interleaved branches with at most 26 lanes", () => {
    const nodes: LayoutInput[] = [];
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      // every 400th revision merges the branch next door; others follow their own branch
      const parents = i + 25 < n ? [`r${i + 25}`] : [];
      if (i % 400 === 0 && i + 26 < n) parents.push(`r${i + 26}`);
      nodes.push({ id: `r${i}`, parents });
    }
    const layout = layoutLanes(nodes);
    const widest = Math.max(...layout.rows.map((r) => r.active.length));
    expect(widest).toBeLessThanOrEqual(26);
    expect(layout.rows.filter((r) => r.kind === "node")).toHaveLength(n);
    checkEdges(nodes.slice(0, 600), layoutLanes(nodes.slice(0, 600)));
  });
});

describe("laneCells", () => {
  const text = (row: Parameters<typeof laneCells>[0], charset = CHARSETS.ascii) =>
    laneCells(row, charset, "*")
      .map((c) => c.char)
      .join("");

  it("draws joins and forks like git in ASCII and with box drawing in Unicode", () => {
    const join = { kind: "join", lane: 0, from: [2], active: [true, true, true] } as const;
    expect(text(join)).toBe("|_|/");
    expect(text(join, CHARSETS.unicode)).toBe("├─┼─╯");
    const fork = { kind: "fork", lane: 1, to: [2, 3], active: [true, true, true, true] } as const;
    expect(text(fork)).toBe("| |\\-\\");
    expect(text(fork, CHARSETS.unicode)).toBe("│ ├─┬─╮");
    expect(text({ kind: "node", node: 0, lane: 1, active: [true, true, false], width: 3 })).toBe("| *   ");
  });
});
