import { PG_KIT_DIFFERENCES, PG_SCENARIOS } from "../testing/autogen-corpus/pg-scenarios.js";
import { postgresScenarioBackend } from "../testing/autogen-corpus/postgres-backends.js";
import { defineScenarioTests } from "../testing/autogen-corpus/scenario-tests.js";

// Multi-step scenarios on PostgreSQL 15, staged and --no-stage: each step checked against the
// models and against drizzle-kit's own catalog, then downgraded step by step with rows intact.
defineScenarioTests({
  title: "multi-step scenarios on PostgreSQL 15",
  makeBackend: () => postgresScenarioBackend("scen"),
  scenarios: PG_SCENARIOS,
  differences: PG_KIT_DIFFERENCES,
  modes: ["staged", "no-stage"],
});
