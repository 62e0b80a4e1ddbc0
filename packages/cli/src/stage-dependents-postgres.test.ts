import { postgresStageBackend } from "./testing/postgres-stage-backend.js";
import { defineStageDependentsSuite } from "./testing/stage-dependents-suite.js";

// Staged column moves with indexes and CHECKs on the column, on PostgreSQL 15 (its own database).
defineStageDependentsSuite(() => postgresStageBackend("stagedeps"));
