import { PG_KIT_DIFFERENCES, PG_SCENARIOS } from "../testing/autogen-corpus/pg-scenarios.js";
import { PG_CMS_SCENARIO } from "../testing/autogen-corpus/pg-scenarios-more.js";
import { pgliteScenarioBackend } from "../testing/autogen-corpus/postgres-backends.js";
import { defineScenarioTests } from "../testing/autogen-corpus/scenario-tests.js";

// The PostgreSQL scenarios on embedded PGlite (live, scratch and drizzle-kit databases are
// three in-memory instances). PGlite is the slowest backend: CI runs every other scenario plus
// the one that meets the deliberate drizzle-kit difference, staged only (autogenerate's
// default); ATHANOR_SCENARIOS_FULL=1 runs all, in both modes.
const full = process.env.ATHANOR_SCENARIOS_FULL === "1";
defineScenarioTests({
  title: "multi-step scenarios on PGlite",
  makeBackend: pgliteScenarioBackend,
  scenarios: PG_SCENARIOS.filter((s, i) => full || i % 2 === 0 || s === PG_CMS_SCENARIO),
  differences: PG_KIT_DIFFERENCES,
  modes: full ? ["staged", "no-stage"] : ["staged"],
});
