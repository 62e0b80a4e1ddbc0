import { PG_KIT_DIFFERENCES, PG_SCENARIOS } from "../testing/autogen-corpus/pg-scenarios.js";
import { pgliteScenarioBackend } from "../testing/autogen-corpus/postgres-backends.js";
import { defineScenarioTests } from "../testing/autogen-corpus/scenario-tests.js";

// The PostgreSQL scenarios on embedded PGlite (live, scratch and drizzle-kit databases are
// three in-memory instances).
defineScenarioTests(
  "multi-step scenarios on PGlite",
  pgliteScenarioBackend,
  PG_SCENARIOS,
  PG_KIT_DIFFERENCES,
);
