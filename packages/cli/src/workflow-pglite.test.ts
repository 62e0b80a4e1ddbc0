import { pgliteBackend } from "./testing/database-backend.js";
import { defineWorkflowSuite } from "./testing/workflow-suite.js";

// The database commands end to end on embedded PGlite (the no-URL default).
defineWorkflowSuite(async () => pgliteBackend());
