import { mariadbStageBackend } from "./testing/mariadb-stage-backend.js";
import { defineStageHandwrittenSuite } from "./testing/stage-handwritten-suite.js";

// A staged contract under a hand-written view and trigger, on MariaDB 10.11 (its own database).
defineStageHandwrittenSuite(() => mariadbStageBackend("stagehand"), "mysql");
