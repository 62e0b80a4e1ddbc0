export type { Direction, MigrationPlan, PlanOptions, PlanStep, VersionTransition } from "./plan.js";
export { applyTransition, plan } from "./plan.js";
export type { PlanStampOptions, StampPlan } from "./plan-stamp.js";
export { planStamp } from "./plan-stamp.js";
