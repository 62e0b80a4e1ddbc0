import { postgresBackend } from "./testing/database-backend.js";
import { defineWorkflowSuite } from "./testing/workflow-suite.js";

// The database commands end to end on PostgreSQL 15, in a database of this file's own.
defineWorkflowSuite(() => postgresBackend("workflow"));
