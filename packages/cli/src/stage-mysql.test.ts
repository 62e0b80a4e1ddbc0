import { mariadbStageBackend } from "./testing/mariadb-stage-backend.js";
import { defineStageSuite } from "./testing/stage-suite.js";

// Staged autogenerate recipes end to end on MariaDB 10.11 (a throw-away database).
defineStageSuite(() => mariadbStageBackend("stage"));
