import { quoteLiteral } from "@athanor/postgres";
import { defineControlValuesSuite } from "./testing/control-values-suite.js";
import { postgresBackend } from "./testing/database-backend.js";

// Control characters in defaults, check and view literals, enum values and comments on
// PostgreSQL 15 (a database of this file's own).
defineControlValuesSuite("postgresql", async () => {
  const backend = await postgresBackend("control_values");
  return {
    env: () => backend.env(),
    query: (dir, sql) => backend.query(dir, sql),
    literal: quoteLiteral,
    reset: async () => void (await backend.query("", "DROP SCHEMA public CASCADE; CREATE SCHEMA public")),
    dispose: backend.dispose,
  };
});
