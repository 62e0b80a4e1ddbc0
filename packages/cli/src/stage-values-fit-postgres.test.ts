import { postgresStageBackend } from "./testing/postgres-stage-backend.js";
import { defineValuesFitSuite } from "./testing/values-fit-suite.js";

// A downgrade into a narrower type on PostgreSQL 15 (its own schema): without the check the
// staged contract's downgrade cast the value into varchar(100), truncating it silently.
defineValuesFitSuite(postgresStageBackend, "postgresql");
