import { pgliteBackend } from "../testing/database-backend.js";
import { defineStatusSuite } from "../testing/status-suite.js";

// The embedded database: no other process can hold its lock, so the lock reads as free.
defineStatusSuite(async () => pgliteBackend());
