import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { type SchemaProject, schemaProject } from "./testing/schema-project.js";

const schema = (values: string[]) => `import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable } from "drizzle-orm/pg-core";
export const mood = pgEnum("mood", ${JSON.stringify(values)});
export const t = pgTable("t", { id: integer("id").primaryKey(), mood: mood("mood").notNull(), n: integer("n") }, (x) => [
  index("t_not_sad_idx").on(x.n).where(sql\`\${x.mood} <> 'sad'\`),
  index("t_happy_expr_idx").on(sql\`(\${x.mood} = 'happy')\`),
  check("t_not_meh", sql\`\${x.mood} <> 'ok' OR \${x.n} IS NOT NULL\`),
]);
`;

// Found walking autogenerate → @athanor/testing's stairway with every pg-core property: the
// downgrade of an added enum value rebuilds the type, and retyping its column made PostgreSQL
// parse a partial index's predicate again, whose 'sad'::mood then named the type renamed aside
// (`operator does not exist: mood <> mood__athanor_old`) — part-way through a revision that runs
// without a transaction. Indexes and checks casting a literal to the enum are made again around it.
describe("downgrade of an added enum value under indexes and checks that cast to it, on PostgreSQL 15", () => {
  let backend: DatabaseBackend;
  let project: SchemaProject;
  const objects = async () =>
    (
      await backend.query<{ d: string }>(
        project.dir,
        `SELECT indexdef AS d FROM pg_indexes WHERE tablename = 't'
         UNION ALL SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 't'::regclass
         UNION ALL SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'mood'::regtype
         ORDER BY 1`,
      )
    ).map((r) => r.d);

  beforeAll(async () => {
    backend = await postgresBackend("enumlit");
    project = await schemaProject("postgresql", backend.env());
    project.schema(schema(["sad", "ok", "happy"]));
    for (const argv of [["migrate", "-m", "create"], ["upgrade"]]) {
      const r = await project.cli(...argv);
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(async () => backend?.dispose());

  test("migrate adds the values; downgrade -1 rebuilds the type and leaves the schema as it was", async () => {
    const before = await objects();
    expect(before).toContain("sad,ok,happy");
    project.schema(schema(["sad", "meh", "ok", "happy", "ecstatic"]));
    const made = await project.cli("migrate", "-m", "more moods");
    expect(made.code, made.stderr).toBe(0);
    const up = await project.cli("upgrade");
    expect(up.code, up.stderr).toBe(0);
    expect(await objects()).toContain("sad,meh,ok,happy,ecstatic");
    const down = await project.cli("downgrade", "-1");
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(await objects()).toEqual(before);
    const again = await project.cli("upgrade");
    expect(again.code, again.stderr).toBe(0);
    const check = await project.cli("check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
