import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { type SchemaProject, schemaProject } from "./testing/schema-project.js";

const schema = (
  values: string[],
  extra = "",
) => `import { index, integer, pgEnum, pgTable } from "drizzle-orm/pg-core";
export const plan = pgEnum("plan", ${JSON.stringify(values)});
export const t = pgTable("t", { id: integer("id").primaryKey(), plan: plan("plan").notNull(), n: integer("n") }, (x) => [
  index("t_n_idx").on(x.n)${extra},
]);
`;

// Issue 13/15: adding a pgEnum value through `migrate`, and the self-check warning of `check`.
describe("migrate with a new pgEnum value, on PostgreSQL 15", () => {
  let backend: DatabaseBackend;
  let project: SchemaProject;

  beforeAll(async () => {
    backend = await postgresBackend("enum");
    project = await schemaProject("postgresql", backend.env());
    project.schema(schema(["free", "pro"]));
    const first = await project.cli("migrate", "-m", "create t");
    expect(first.code, first.stderr).toBe(0);
    const up = await project.cli("upgrade");
    expect(up.code, up.stderr).toBe(0);
  });
  afterAll(async () => backend?.dispose());

  test("migrate writes the revision, exits 0 and prints its summary; the downgrade rebuilds the type", async () => {
    project.schema(schema(["free", "team", "pro", "enterprise"]));
    const added = await project.cli("migrate", "-m", "more plans");
    expect(added.stderr).not.toContain("error");
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("Detected 2 changes:");
    const up = await project.cli("upgrade");
    expect(up.code, up.stderr).toBe(0);
    await backend.query(project.dir, "INSERT INTO t (id, plan) VALUES (1, 'team')");
    // A row holds a value the downgrade would drop: the guard stops it before any change.
    const refused = await project.cli("downgrade", "-1");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("enum plan loses team, enterprise, but rows of t.plan still hold it");
    const labels = async () =>
      (
        await backend.query<{ v: string }>(
          project.dir,
          "SELECT enumlabel AS v FROM pg_enum WHERE enumtypid = 'plan'::regtype ORDER BY enumsortorder",
        )
      ).map((r) => r.v);
    expect(await labels()).toEqual(["free", "team", "pro", "enterprise"]);
    await backend.query(project.dir, "DELETE FROM t");
    const down = await project.cli("downgrade", "-1");
    expect(down.code, down.stderr).toBe(0);
    expect(await labels()).toEqual(["free", "pro"]);
    const again = await project.cli("upgrade");
    expect(again.code, again.stderr).toBe(0);
    expect(await labels()).toEqual(["free", "team", "pro", "enterprise"]);
    const check = await project.cli("check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  test("check lists a property it deliberately does not compare, and still passes", async () => {
    project.schema(schema(["free", "team", "pro", "enterprise"], ".concurrently()"));
    const check = await project.cli("check", "--json");
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain(
      "warning: ATHANOR_PROPERTY_NOT_COMPARED: table t, index t_n_idx, property concurrently: a build option (the revision decides how an index is built)\n",
    );
    expect(JSON.parse(check.stdout).notCompared).toEqual([
      {
        schema: null,
        table: "t",
        index: "t_n_idx",
        property: "concurrently",
        reason: "a build option (the revision decides how an index is built)",
      },
    ]);
  });
});
