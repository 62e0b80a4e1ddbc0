import { quoteLiteral } from "@athanor/postgres";
import { defineControlValuesSuite } from "./testing/control-values-suite.js";
import { pgliteBackend } from "./testing/database-backend.js";

// Control characters in defaults, check and view literals, enum values and comments on embedded
// PGlite (each project folder is a database of its own).
defineControlValuesSuite("postgresql", async () => {
  const backend = pgliteBackend();
  return {
    env: () => backend.env(),
    query: (dir, sql) => backend.query(dir, sql),
    literal: quoteLiteral,
    reset: async () => {},
    dispose: backend.dispose,
  };
});
