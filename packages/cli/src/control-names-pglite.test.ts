import { join } from "node:path";
import { pgliteDialect } from "@athanor/postgres";
import { defineControlNamesSuite } from "./testing/control-names-suite.js";
import { pgliteBackend } from "./testing/database-backend.js";

// Names with control characters on embedded PGlite: the offline script's U&"…" escapes create
// exactly the names, read back with no difference (the rest of the suite runs on PostgreSQL 15).
defineControlNamesSuite({ dialect: "postgresql", roundTripOnly: true }, async () => {
  const backend = pgliteBackend();
  return {
    env: () => backend.env(),
    query: backend.query,
    async runScript(dir, script) {
      const conn = await pgliteDialect({ dataDir: join(dir, ".athanor/pglite") }).connect();
      try {
        await conn.executeScript([script]);
      } finally {
        await conn.close();
      }
    },
    reset: async () => {}, // each project folder is a database of its own
    dispose: backend.dispose,
  };
});
