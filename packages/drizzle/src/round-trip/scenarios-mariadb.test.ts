import { mariadbScenarioBackend } from "../testing/autogen-corpus/mariadb-backend.js";
import { MYSQL_KIT_DIFFERENCES, MYSQL_SCENARIOS } from "../testing/autogen-corpus/mysql-scenarios.js";
import { defineScenarioTests } from "../testing/autogen-corpus/scenario-tests.js";

// Multi-step scenarios on MariaDB 10.11, staged and --no-stage: each step checked against the
// models and against drizzle-kit's own catalog, then downgraded step by step with rows intact.
defineScenarioTests({
  title: "multi-step scenarios on MariaDB 10.11",
  makeBackend: () => mariadbScenarioBackend("scen"),
  scenarios: MYSQL_SCENARIOS,
  differences: MYSQL_KIT_DIFFERENCES,
  modes: ["staged", "no-stage"],
});
