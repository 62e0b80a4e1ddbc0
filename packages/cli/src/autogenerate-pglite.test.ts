import { pgliteBackend } from "./testing/database-backend.js";
import { defineAutogenerateSuite } from "./testing/autogenerate-suite.js";

// revision --autogenerate, migrate, check and diff on embedded PGlite (the no-URL default).
defineAutogenerateSuite(async () => pgliteBackend());
