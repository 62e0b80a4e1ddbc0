import { postgresStageBackend } from "./testing/postgres-stage-backend.js";
import { defineStageSuite } from "./testing/stage-suite.js";

// Staged autogenerate recipes end to end on PostgreSQL 15 (a throw-away database).
defineStageSuite(() => postgresStageBackend("stage"));
