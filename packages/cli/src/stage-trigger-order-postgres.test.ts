import { postgresStageBackend } from "./testing/postgres-stage-backend.js";
import { defineStageTriggerOrderSuite } from "./testing/stage-trigger-order-suite.js";

// A staged rename under a hand-written BEFORE trigger, on PostgreSQL 15 (its own database).
defineStageTriggerOrderSuite(() => postgresStageBackend("stagetrig"), "postgresql");
