import { postgresBackend } from "./testing/database-backend.js";
import { defineStageSuite } from "./testing/stage-suite.js";

// Staged autogenerate recipes end to end on PostgreSQL 15 (a throw-away database).
defineStageSuite(async () => {
  const backend = await postgresBackend("stage");
  return {
    dialect: "postgresql",
    env: backend.env(),
    query: (sql) => backend.query("", sql),
    dispose: () => backend.dispose(),
  };
});
