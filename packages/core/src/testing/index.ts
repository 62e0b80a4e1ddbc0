// `@athanor/core/testing`: the dialect conformance suite. Imports vitest, so it lives on its own
// subpath and the main entry stays free of test dependencies.

export { BIDI_TEXT, type BidiRevisionsOptions, bidiRevisions } from "./bidi-revisions.js";
export { type CiSample, ciSample, FULL, trialSeed } from "./ci-sample.js";
export type {
  ConformanceCapability,
  ConformanceCase,
  ConformanceCases,
  ConformanceContext,
  ConformanceDatabase,
  ConformanceDialectData,
  DialectConformanceOptions,
  ExpectedDifference,
  PortableType,
  RoundTrip,
} from "./conformance-types.js";
export {
  CONFORMANCE_CASES,
  conformanceContext,
  describeDialectConformance,
} from "./describe-dialect-conformance.js";
export type { FleetSuiteServer } from "./describe-fleet-suite.js";
export { describeFleetSuite } from "./describe-fleet-suite.js";
export type { LeanStepSuiteTarget } from "./describe-lean-step-suite.js";
export { describeLeanStepSuite } from "./describe-lean-step-suite.js";
export type { ResumeSuiteDatabase, ResumeSuiteOptions } from "./describe-resume-suite.js";
export { describeResumeSuite } from "./describe-resume-suite.js";
export { errorAsShown, rejectionOf } from "./error-as-shown.js";
export { FLEET_HISTORY, FLEET_REVISIONS } from "./fleet-history.js";
export { freeLocalPort } from "./free-port.js";
export type { GatedStepsAheadRun, StepsAheadGate } from "./steps-ahead-gate.js";
export { gatedStepsAheadRun, recordingDialect } from "./steps-ahead-gate.js";
export type { ViewRuleCase } from "./view-rule-cases.js";
export { viewRuleCases } from "./view-rule-cases.js";
