import { afterAll } from "vitest";
import { pgliteBackend } from "./testing/database-backend.js";
import { describePartialRenderingStory } from "./testing/partial-rendering-suite.js";

const backend = pgliteBackend();
describePartialRenderingStory("PGlite", {
  dialect: "postgresql",
  env: () => backend.env(),
  query: (project, sql) => backend.query(project, sql),
});
// the backend holds each project's PGlite open across the story's calls
afterAll(() => backend.dispose());
