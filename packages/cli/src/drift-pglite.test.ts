import { pgliteBackend } from "./testing/database-backend.js";
import { defineDriftSuite } from "./testing/drift-suite.js";

// check --against migrations and stamp --verify on embedded PGlite (replayed in an in-memory PGlite).
defineDriftSuite(async () => {
  const backend = pgliteBackend();
  return {
    dialect: "postgresql",
    env: () => backend.env(),
    exec: async (project, sql) => void (await backend.query(project, sql)),
    dispose: () => backend.dispose(),
    server: false,
  };
});
