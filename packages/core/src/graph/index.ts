export { RevisionGraph } from "./revision-graph.js";
export type { ResolveTargetOptions, TargetRange } from "./target.js";
export { parseRange, readsCurrent, resolveTarget, resolveTargets, revisionsInRange } from "./target.js";
