export type {
  FleetTargetError,
  FleetTargetRecord,
  FleetTargetState,
  FleetTargetStatus,
  LastFailure,
  TargetOutcome,
} from "./fleet-record.js";
export type { FleetTarget } from "./fleet-target.js";
export { checkTargetName, schemaTargets } from "./fleet-target.js";
export type { WaveSize } from "./fleet-waves.js";
export { planWaves } from "./fleet-waves.js";
export type { HaltRules } from "./halt-rules.js";
export { HALT_RATE_SAMPLE, haltReason } from "./halt-rules.js";
export { listFleetTargets } from "./list-targets.js";
export type { FleetReading, TargetReading } from "./read-fleet.js";
export { readFleet } from "./read-fleet.js";
export type { FleetResult, FleetRunOptions } from "./run-fleet.js";
export { currentFleetTarget } from "./target-scope.js";
export type { FleetSource, UpgradeFleetOptions } from "./upgrade-fleet.js";
export { currentFleet, downgradeFleet, stampFleet, upgradeFleet } from "./upgrade-fleet.js";
