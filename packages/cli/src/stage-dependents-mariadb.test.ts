import { mariadbStageBackend } from "./testing/mariadb-stage-backend.js";
import { defineStageDependentsSuite } from "./testing/stage-dependents-suite.js";

// Staged column moves with CHECKs on the column, on MariaDB 10.11 (its own database).
defineStageDependentsSuite(() => mariadbStageBackend("stagedeps"));
