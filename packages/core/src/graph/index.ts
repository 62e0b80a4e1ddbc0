export { RevisionGraph } from "./revision-graph.js";
export { parseRange, resolveTarget, revisionsInRange } from "./target.js";
export type { TargetRange } from "./target.js";
