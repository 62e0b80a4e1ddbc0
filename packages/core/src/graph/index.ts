export { RevisionGraph } from "./revision-graph.js";
export type { ResolveTargetOptions } from "./target.js";
export { readsCurrent, resolveTarget, resolveTargets } from "./target.js";
export type { TargetRange } from "./target-range.js";
export { parseRange, revisionsInRange } from "./target-range.js";
