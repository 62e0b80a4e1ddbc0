import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { migratedSchemaProject, type SchemaProject } from "./testing/schema-project.js";

const SCHEMA = `import { integer, pgTable, text } from "drizzle-orm/pg-core";
export const account = pgTable("account", { id: integer("id").primaryKey(), note: text("note") });
`;
const BROKEN = `${SCHEMA}throw new Error("the models module failed on purpose");\n`;

// Issue 21: `check` loads the models while it reads the database's heads and opens its session
// (their compile fills those round trips). What it reports stays what it reported when they
// loaded afterwards: a database behind its heads is refused first, whatever the models do.
describe("check: refusals come before the models' own failure", () => {
  let backend: DatabaseBackend;
  let project: SchemaProject;

  beforeAll(async () => {
    backend = await postgresBackend("refusals_first");
    project = await migratedSchemaProject("postgresql", backend.env(), SCHEMA, "create account");
  }, 120_000);
  afterAll(async () => backend?.dispose());

  test("at the heads, a models module that throws is the error reported", async () => {
    project.schema(BROKEN);
    const run = await project.cli("check", "--json");
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout);
    expect(error.code).not.toBe("ATHANOR_NOT_UP_TO_DATE");
    expect(run.stdout + run.stderr).toContain("the models module failed on purpose");
  });

  test("behind the heads, the refusal is reported, not the models' failure", async () => {
    project.schema(BROKEN);
    expect((await project.cli("downgrade", "base")).code).toBe(0);
    const run = await project.cli("check", "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe("ATHANOR_NOT_UP_TO_DATE");
    expect(run.stdout + run.stderr).not.toContain("the models module failed on purpose");
    // and with models that load, the same refusal
    project.schema(SCHEMA);
    const loaded = await project.cli("check", "--json");
    expect(JSON.parse(loaded.stdout).error.code).toBe("ATHANOR_NOT_UP_TO_DATE");
  });
});
