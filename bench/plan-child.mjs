// Measured child: load every header, build the graph and plan base → heads with the built core.
// Prints the phase timings as JSON on stdout.
const started = performance.now();
const core = await import(new URL("../packages/core/dist/index.js", import.meta.url).href);
const versions = process.argv[2];
const t0 = performance.now();
const revisions = await core.loadRevisionHeaders(versions);
const t1 = performance.now();
const graph = core.RevisionGraph.build(revisions);
const t2 = performance.now();
const plan = core.plan(graph, { current: [], target: "heads", direction: "upgrade" });
const t3 = performance.now();
console.log(
  JSON.stringify({
    steps: plan.steps.length,
    importMs: t0 - started,
    loadMs: t1 - t0,
    buildMs: t2 - t1,
    planMs: t3 - t2,
  }),
);
