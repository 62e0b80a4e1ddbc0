import { join } from "node:path";
import { describeBackfillStopStory } from "./testing/backfill-stop-story-suite.js";

describeBackfillStopStory("SQLite", {
  dialect: "sqlite",
  env: (project) => ({ DATABASE_URL: `file:${join(project, "app.db")}` }),
  quote: (name) => `"${name}"`,
});
