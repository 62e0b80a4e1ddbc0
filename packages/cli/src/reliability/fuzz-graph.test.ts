import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  isAthanorError,
  loadRevisionHeaders,
  parseRange,
  plan,
  RevisionGraph,
  resolveTarget,
  revisionsInRange,
} from "@athanor/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";
import { TRIALS } from "./trial-counts.js";

// Random revision folders, valid or not (unknown parents, cycles, self loops, duplicate ids,
// odd labels), and random target strings go through the header loader, the graph, the target
// and range parsers and the planner, then through the CLI's `show` and `history -r`. The one
// property: nothing fails except with an AthanorError (in the CLI: a coded error other than
// ATHANOR_INTERNAL, exit 1 or 2).

const ID_POOL = ["a1", "a1b", "a1b2", "b2", "c3", "c3d", "d4", "e5", "ff", "head2", "v-2", "x@y", "z z", ""];
const LABEL_POOL = ["side", "main", "v-2", "head", "a1", "x:y", "ünï", "q;'\"`", ""];

const revisionArbitrary = fc.record({
  id: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...ID_POOL) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  ),
  parents: fc.uniqueArray(fc.constantFrom(...ID_POOL), { maxLength: 2 }),
  dependsOn: fc.uniqueArray(fc.constantFrom(...ID_POOL), { maxLength: 1 }),
  branchLabels: fc.uniqueArray(fc.constantFrom(...LABEL_POOL), { maxLength: 1 }),
});

/** Revision sets that are mostly valid DAGs (parents picked among earlier ids), sometimes not. */
const folderArbitrary = fc.oneof(
  fc.array(revisionArbitrary, { minLength: 0, maxLength: 8 }),
  fc
    .array(
      fc.record({
        parents: fc.uniqueArray(fc.nat(), { maxLength: 2 }),
        label: fc.option(fc.constantFrom(...LABEL_POOL), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 10 },
    )
    .map((nodes) =>
      nodes.map((node, i) => ({
        id: `r${i}a${i}`,
        parents: i === 0 ? [] : [...new Set(node.parents.map((p) => `r${p % i}a${p % i}`))],
        dependsOn: [] as string[],
        branchLabels: node.label === undefined ? [] : [`${node.label}${i}`],
      })),
    ),
);

const TOKENS = [
  "head",
  "heads",
  "base",
  "current",
  "a1",
  "a1b",
  "r0a0",
  "r2a2",
  "side",
  "main",
  "@",
  "+",
  "-",
  ":",
  "1",
  "2",
  "12",
  " ",
  "@head",
  "x",
];
/** Well-formed expressions over the generated ids, so the happy paths get exercised too. */
const wellFormed = fc
  .tuple(
    fc.constantFrom("", "base", "heads", "head", "r0a0", "r1a1", "r3a3", "r0", "main0", "side2"),
    fc.constantFrom("", "@head", "@base", "+1", "-1", "+2", "@+1", "@r1a1"),
    fc.constantFrom("", ":heads", ":r2a2", ":"),
  )
  .map(([a, b, c]) => `${a}${b}${c}`);
const targetArbitrary = fc.oneof(
  { weight: 2, arbitrary: wellFormed },
  {
    weight: 2,
    arbitrary: fc.array(fc.constantFrom(...TOKENS), { maxLength: 5 }).map((parts) => parts.join("")),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

function writeFolder(
  dir: string,
  revisions: readonly fc.RecordValue<typeof revisionArbitrary>[] | readonly { id: string }[],
): string {
  const versions = join(dir, "migrations", "versions");
  rmSync(versions, { recursive: true, force: true });
  mkdirSync(versions, { recursive: true });
  for (const [i, r] of (revisions as readonly Record<string, unknown>[]).entries()) {
    const text = `import { defineRevision } from "@athanor/core";\n\nexport default defineRevision(${JSON.stringify(
      { ...r, message: `m${i}` },
    ).replace(/}$/, ", upgrade() {}, downgrade() {} });\n")}`;
    writeFileSync(join(versions, `f${i}_rev.ts`), text);
  }
  return versions;
}

/** Runs `fn`; a thrown AthanorError is fine and reported as its code, anything else fails. */
function coded(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    if (!isAthanorError(error)) throw error;
    return error.code;
  }
}

describe("fuzzing the graph, the target grammar and the planner", () => {
  it("random revision folders and targets fail only with coded errors", async () => {
    const dir = tempDir("athanor-fuzz-");
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        folderArbitrary,
        fc.array(targetArbitrary, { minLength: 1, maxLength: 4 }),
        async (revisions, targets) => {
          const versions = writeFolder(dir, revisions);
          let graph: RevisionGraph;
          try {
            graph = RevisionGraph.build(await loadRevisionHeaders(versions));
          } catch (error) {
            if (!isAthanorError(error)) throw error;
            seen.set(error.code, (seen.get(error.code) ?? 0) + 1);
            return;
          }
          for (const target of targets) {
            const outcomes = [
              coded(() => resolveTarget(graph, target)),
              coded(() => resolveTarget(graph, target, { current: graph.heads(), direction: "downgrade" })),
              coded(() => {
                const range = parseRange(target);
                revisionsInRange(graph, range);
              }),
              coded(() => plan(graph, { current: [], target, direction: "upgrade" })),
              coded(() => plan(graph, { current: graph.heads(), target, direction: "downgrade" })),
            ];
            for (const outcome of outcomes) seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
          }
        },
      ),
      { numRuns: TRIALS.fuzzRuns },
    );
    rmSync(dir, { recursive: true, force: true });
    // the generators must reach the error paths, not only the happy one
    expect(seen.get("ok")).toBeGreaterThan(0);
    expect([...seen.keys()].filter((k) => k !== "ok").length).toBeGreaterThan(5);
    console.log(`[reliability] fuzz outcomes: ${[...seen].map(([k, n]) => `${k}=${n}`).join(" ")}`);
  }, 600_000);

  it("`show` and `history -r` with random targets exit 0, 1 or 2 and never report ATHANOR_INTERNAL", async () => {
    const dir = tempDir("athanor-fuzz-cli-");
    writeFileSync(
      join(dir, "athanor.config.ts"),
      'export default { dialect: "postgresql", versions: "migrations/versions" };\n',
    );
    await fc.assert(
      fc.asyncProperty(folderArbitrary, targetArbitrary, async (revisions, target) => {
        writeFolder(dir, revisions);
        for (const argv of [
          ["show", target, "--json"],
          ["history", "-r", target, "--json"],
          ["history", "-r", `${target}:`, "--json"],
        ]) {
          const run = await runCli(dir, argv);
          expect([0, 1, 2], `${argv.join(" ")}\n${run.stdout}${run.stderr}`).toContain(run.code);
          if (run.code !== 0) {
            const code = (JSON.parse(run.stdout) as { error: { code: string } }).error.code;
            expect(code, `${argv.join(" ")}\n${run.stdout}`).toMatch(/^ATHANOR_/);
            expect(code, `${argv.join(" ")}\n${run.stdout}`).not.toBe("ATHANOR_INTERNAL");
          }
        }
      }),
      { numRuns: Math.ceil(TRIALS.fuzzRuns / 2) },
    );
    rmSync(dir, { recursive: true, force: true });
  }, 600_000);
});
