import { postgresStageBackend } from "./testing/postgres-stage-backend.js";
import { defineUnstagedDependentsSuite } from "./testing/unstaged-dependents-suite.js";

// --no-stage revisions, downgrades and dropped tables under hand-written objects, on PostgreSQL 15 (its own database).
defineUnstagedDependentsSuite(() => postgresStageBackend("unstdeps"), "postgresql");
