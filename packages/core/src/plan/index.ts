export { applyTransition, plan } from "./plan.js";
export type { Direction, MigrationPlan, PlanStep, VersionTransition } from "./plan.js";
