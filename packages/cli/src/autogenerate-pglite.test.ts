import { defineAutogenerateSuite } from "./testing/autogenerate-suite.js";
import { pgliteBackend } from "./testing/database-backend.js";

// revision --autogenerate, migrate, check and diff on embedded PGlite (the no-URL default).
defineAutogenerateSuite(async () => pgliteBackend());
