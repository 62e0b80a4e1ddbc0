import { afterAll, beforeAll, test } from "vitest";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { walkGettingStarted } from "./testing/getting-started-walk.js";

// docs/getting-started.md with DATABASE_URL set to a PostgreSQL 15 database.
let backend: DatabaseBackend & { readonly url: string };
beforeAll(async () => {
  backend = await postgresBackend("walk");
});
afterAll(async () => backend?.dispose());

test("the getting-started walk runs clean on PostgreSQL 15", async () => {
  const url = new URL(backend.url);
  await walkGettingStarted({
    dialect: "postgresql",
    env: backend.env(),
    description: `PostgreSQL at ${url.host}${url.pathname}`,
    schema: (s) => s,
    compareOutput: true,
  });
}, 600_000);
