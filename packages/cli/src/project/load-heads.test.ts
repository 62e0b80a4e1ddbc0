import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { acceptHeadsSummary, summariseHeads } from "@athanor/core/revision";
import { beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../context.js";
import { RevisionView } from "../format/revision-view.js";
import { buildCli, spawnCli } from "../testing/build-cli.js";
import { buildSampleHistory, ok, tempDir } from "../testing/harness.js";
import { headsCachePath } from "./heads-cache-path.js";
import { HeadsGraph } from "./heads-graph.js";
import { loadProject } from "./load-project.js";

let project: string;

beforeAll(async () => {
  await buildCli();
  project = tempDir();
  await buildSampleHistory(project);
}, 180_000);

describe("heads from a summary", () => {
  it("prints what the whole graph prints: lines, verbose entries and JSON", async () => {
    const ctx = createContext({ cwd: project, env: { ATHANOR_NO_CACHE: "1" } }, ["heads"]);
    const { graph } = await loadProject(ctx, undefined);
    // stored as JSON text and read back, as a summary hit does
    const heads = acceptHeadsSummary(JSON.parse(JSON.stringify(summariseHeads(graph))));
    if (heads === undefined) throw new Error("the summary of the sample history was not accepted");
    const summary = new HeadsGraph(heads);
    const ids = graph
      .revisions()
      .flatMap((r) => (graph.heads().includes(r.id) || graph.effectiveHeads().includes(r.id) ? [r.id] : []));
    expect(summary.ids()).toEqual(ids);
    expect(summary.heads()).toEqual(graph.heads());
    const full = new RevisionView(graph, ctx);
    const fromSummary = new RevisionView(summary, ctx);
    expect(ids.map((id) => fromSummary.headLine(id))).toEqual(ids.map((id) => full.headLine(id)));
    expect(fromSummary.logEntries(ids)).toEqual(full.logEntries(ids));
    expect(ids.map((id) => fromSummary.json(id))).toEqual(ids.map((id) => full.json(id)));
  });

  it("rejects summaries that are not what summariseHeads writes", async () => {
    const ctx = createContext({ cwd: project, env: { ATHANOR_NO_CACHE: "1" } }, ["heads"]);
    const { graph } = await loadProject(ctx, undefined);
    const good = summariseHeads(graph) as unknown[][];
    const first = good[0] as unknown[];
    const bad: unknown[] = [
      null,
      {},
      [null],
      [first.slice(0, -1)],
      [[...first, "extra"]],
      [first.map((v, i) => (i === 9 ? 42 : v))], // file
      [first.map((v, i) => (i === 10 ? [7] : v))], // labels
      [first.map((v, i) => (i === 11 ? "yes" : v))], // isHead
      [first.map((v, i) => (i >= 11 ? false : v))], // neither head nor effective head
      [first.map((v, i) => (i === 1 ? "not a list" : v))], // parents
    ];
    for (const summary of bad) expect(acceptHeadsSummary(summary), JSON.stringify(summary)).toBeUndefined();
  });

  it("answers from the summary once the files are older than the racy window, and sees a new revision at once", async () => {
    const cache = tempDir("athanor-heads-cache-");
    const env = { XDG_CACHE_HOME: cache };
    const summaryFile = headsCachePath(join(project, "migrations", "versions"), env) as string;
    await sleep(3_100); // every file of the sample history is now past the 3 s racy window
    const miss = await spawnCli(project, ["heads", "--json"], env);
    expect(miss.code).toBe(0);
    expect(existsSync(summaryFile)).toBe(true);
    const hit = await spawnCli(project, ["heads", "--json"], env);
    expect(hit.stdout).toBe(miss.stdout);
    // proof that a run answers from the summary: a message changed in it (same length) is printed
    const stored = readFileSync(summaryFile, "latin1");
    expect(stored).toContain("merge cart into main");
    writeFileSync(summaryFile, stored.replace("merge cart into main", "MERGE CART INTO MAIN"), "latin1");
    const served = await spawnCli(project, ["heads"], env);
    expect(served.stdout).toContain("MERGE CART INTO MAIN");

    await ok(project, ["revision", "-m", "on top", "--head", "53ff6e4a9c01", "--rev-id", "0a0b0c0d0e0f"]);
    const after = await spawnCli(project, ["heads"], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(
      "55af2cb1c267 (audit) (effective head), create audit log\n0a0b0c0d0e0f (cart) (head), on top\n",
    );
  });
});
