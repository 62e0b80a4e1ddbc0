import { afterAll, beforeAll } from "vitest";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { describePartialRenderingStory } from "./testing/partial-rendering-suite.js";

let backend: DatabaseBackend;
beforeAll(async () => {
  backend = await postgresBackend("partial_story");
});
afterAll(async () => backend?.dispose());

describePartialRenderingStory("PostgreSQL 15", {
  dialect: "postgresql",
  env: () => backend.env(),
  query: (project, sql) => backend.query(project, sql),
});
