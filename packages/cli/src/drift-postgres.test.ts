import { postgresBackend } from "./testing/database-backend.js";
import { defineDriftSuite } from "./testing/drift-suite.js";

// check --against migrations and stamp --verify on PostgreSQL 15 (scratch database on the same server).
defineDriftSuite(async () => {
  const backend = await postgresBackend("drift");
  return {
    dialect: "postgresql",
    env: () => backend.env(),
    exec: async (project, sql) => void (await backend.query(project, sql)),
    dispose: () => backend.dispose(),
    server: true,
  };
});
