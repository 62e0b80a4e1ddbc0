import { postgresStageBackend } from "./testing/postgres-stage-backend.js";
import { defineStageHandwrittenSuite } from "./testing/stage-handwritten-suite.js";

// A staged contract under a hand-written trigger function and view, on PostgreSQL 15 (its own database).
defineStageHandwrittenSuite(() => postgresStageBackend("stagehand"), "postgresql");
