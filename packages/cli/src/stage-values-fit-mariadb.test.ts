import { mariadbStageBackend } from "./testing/mariadb-stage-backend.js";
import { defineValuesFitSuite } from "./testing/values-fit-suite.js";

// A downgrade into a narrower type on MariaDB 10.11 (its own database): MariaDB commits each
// DDL, so without the check the staged contract's downgrade stopped half-way.
defineValuesFitSuite(mariadbStageBackend, "mysql");
