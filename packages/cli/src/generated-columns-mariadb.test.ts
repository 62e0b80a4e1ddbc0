import { defineGeneratedColumnsSuite } from "./testing/generated-columns-suite.js";
import { mariadbStageBackend } from "./testing/mariadb-stage-backend.js";

// Generated columns (stored and virtual) change expression, become plain and become generated
// on MariaDB 10.11, in the default staged flow and with --no-stage.
defineGeneratedColumnsSuite(() => mariadbStageBackend("gen"), "staged");
defineGeneratedColumnsSuite(() => mariadbStageBackend("gen_ns"), "no-stage");
