export { RevisionGraph } from "./revision-graph.js";
export { parseRange, resolveTarget, resolveTargets, revisionsInRange } from "./target.js";
export type { ResolveTargetOptions, TargetRange } from "./target.js";
