import { defineControlNamesSuite } from "./testing/control-names-suite.js";
import { postgresBackend } from "./testing/database-backend.js";
import { feedClient } from "./testing/sql-client.js";

// Names with control characters on PostgreSQL 15: written as U&"…" escapes, applied (by athanor
// and by psql from the offline script), read back.
defineControlNamesSuite({ dialect: "postgresql" }, async () => {
  const backend = await postgresBackend("control_names");
  return {
    env: () => backend.env(),
    query: backend.query,
    async runScript(_dir, script) {
      const client = feedClient("postgresql", backend.url, script);
      if (client.status !== 0) throw new Error(`psql exited ${client.status}: ${client.stderr}`);
    },
    reset: async () => void (await backend.query("", "DROP SCHEMA public CASCADE; CREATE SCHEMA public")),
    dispose: backend.dispose,
  };
});
