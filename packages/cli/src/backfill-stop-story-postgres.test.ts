import { afterAll, beforeAll } from "vitest";
import { describeBackfillStopStory } from "./testing/backfill-stop-story-suite.js";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";

let backend: DatabaseBackend;
beforeAll(async () => {
  backend = await postgresBackend("backfill_stop");
});
afterAll(async () => backend?.dispose());

describeBackfillStopStory("PostgreSQL 15", {
  dialect: "postgresql",
  env: () => backend.env(),
  quote: (name) => `"${name}"`,
});
