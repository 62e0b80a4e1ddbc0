import { mariadbStageBackend } from "./testing/mariadb-stage-backend.js";
import { defineUnstagedDependentsSuite } from "./testing/unstaged-dependents-suite.js";

// --no-stage revisions, downgrades and dropped tables under hand-written objects, on MariaDB 10.11 (its own database).
defineUnstagedDependentsSuite(() => mariadbStageBackend("unstdeps"), "mysql");
