import { mariadbStageBackend } from "./testing/mariadb-stage-backend.js";
import { defineStageTriggerOrderSuite } from "./testing/stage-trigger-order-suite.js";

// A staged rename under a hand-written BEFORE trigger, on MariaDB 10.11 (its own database).
defineStageTriggerOrderSuite(() => mariadbStageBackend("stagetrig"), "mysql");
