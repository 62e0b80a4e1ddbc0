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

/** t's index and constraint definitions and mood's values, sorted. */
async function objectsOf(backend: DatabaseBackend, project: SchemaProject): Promise<string[]> {
  const rows = await backend.query<{ d: string }>(
    project.dir,
    `SELECT indexdef AS d FROM pg_indexes WHERE tablename = 't'
     UNION ALL SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 't'::regclass
     UNION ALL SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'mood'::regtype
     ORDER BY 1`,
  );
  return rows.map((r) => r.d);
}

// Found walking autogenerate → @athanor/testing's stairway with every pg-core property: the
// downgrade of an added enum value rebuilds the type, and retyping its column made PostgreSQL
// parse a partial index's predicate again, whose 'sad'::mood then named the type renamed aside
// (`operator does not exist: mood <> mood__athanor_old`) — part-way through a revision that runs
// without a transaction. Indexes and checks casting a literal to the enum are made again around it.
describe("downgrade of an added enum value under indexes and checks that cast to it, on PostgreSQL 15", () => {
  let backend: DatabaseBackend;
  let project: SchemaProject;
  const objects = () => objectsOf(backend, project);

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

// The forward rebuild (a value removed, or the order changed) retypes the columns the same way,
// and failed the same way (`operator does not exist: mood = mood__athanor_old`): the indexes and
// checks that cast a literal to the enum must be gone before it. `migrate` (and `revision
// --autogenerate` alike) stages the change: the ordinary revision drops them and rebuilds the
// type, the online one makes them again (CONCURRENTLY; NOT VALID + VALIDATE) — the index was
// swapped there as one unit, so it was still in place at the rebuild.
describe("a value removed from an enum under indexes and checks that cast to it, on PostgreSQL 15", () => {
  let backend: DatabaseBackend;
  let project: SchemaProject;
  const objects = () => objectsOf(backend, project);

  beforeAll(async () => {
    backend = await postgresBackend("enumlitfwd");
    project = await schemaProject("postgresql", backend.env());
    project.schema(schema(["sad", "meh", "ok", "happy"]));
    for (const argv of [["migrate", "-m", "create"], ["upgrade"]]) {
      const r = await project.cli(...argv);
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(async () => backend?.dispose());

  test("the type is rebuilt without the value; upgrade, downgrade and upgrade again keep the indexes and checks", async () => {
    const before = await objects();
    expect(before).toContain("sad,meh,ok,happy");
    project.schema(schema(["sad", "ok", "happy"]));
    const made = await project.cli("migrate", "-m", "no meh");
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain("Staged into 2 revisions");
    const up = await project.cli("upgrade");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const after = await objects();
    expect(after).toContain("sad,ok,happy");
    expect(after.filter((d) => d !== "sad,ok,happy")).toEqual(before.filter((d) => d !== "sad,meh,ok,happy"));
    const down = await project.cli("downgrade", "-2");
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(await objects()).toEqual(before);
    const again = await project.cli("upgrade");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const check = await project.cli("check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
