import { defineAutogenerateSuite } from "./testing/autogenerate-suite.js";
import { postgresBackend } from "./testing/database-backend.js";

// revision --autogenerate, migrate, check and diff on PostgreSQL 15 (a throw-away database).
defineAutogenerateSuite(() => postgresBackend("autogen"));
