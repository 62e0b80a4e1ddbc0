import { postgresBackend } from "./testing/database-backend.js";
import { defineDriftSuite } from "./testing/drift-suite.js";

// The drift suite on PostgreSQL 15 with revisions of operations: check --against replays them in
// memory while the database matches, and hands every difference to the server replay to name.
defineDriftSuite(async () => {
  const backend = await postgresBackend("drift_ops");
  return {
    dialect: "postgresql",
    env: () => backend.env(),
    exec: async (project, sql) => void (await backend.query(project, sql)),
    dispose: () => backend.dispose(),
    server: true,
  };
}, "ops");
