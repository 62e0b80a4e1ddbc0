import { pgliteBackend } from "./testing/database-backend.js";
import { describePartialRenderingStory } from "./testing/partial-rendering-suite.js";

const backend = pgliteBackend();
describePartialRenderingStory("PGlite", {
  dialect: "postgresql",
  env: () => backend.env(),
  query: (project, sql) => backend.query(project, sql),
});
