// What a run with work imports (migrate.ts), as one module: one dynamic import is one entry to the
// bundler, where four made four of them and a chunk for each set of them sharing code — files
// Node's loader opens one by one at every apply.

export { prepareStep } from "./online-step.js";
export { runSteps } from "./run-steps.js";
export { RunWarnings } from "./run-warnings.js";
export { StepsAhead } from "./steps-ahead.js";
