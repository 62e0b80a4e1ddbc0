import { postgresBackend } from "./testing/database-backend.js";
import { defineGeneratedColumnsSuite } from "./testing/generated-columns-suite.js";
import type { StageBackend } from "./testing/stage-suite.js";

// Stored generated columns change expression, become plain and become generated on
// PostgreSQL 15, in the default staged flow and with --no-stage.
async function backend(prefix: string): Promise<StageBackend> {
  const db = await postgresBackend(prefix);
  return {
    dialect: "postgresql",
    env: db.env(),
    query: (sql) => db.query("", sql),
    dispose: () => db.dispose(),
  };
}
defineGeneratedColumnsSuite(() => backend("gen"), "staged");
defineGeneratedColumnsSuite(() => backend("gen_ns"), "no-stage");
