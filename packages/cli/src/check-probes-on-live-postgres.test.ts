import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DatabaseBackend, postgresBackend } from "./testing/database-backend.js";
import { migratedSchemaProject, type SchemaProject } from "./testing/schema-project.js";

const schema = (plans: string[], plan = "free") => `import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, serial, text, varchar } from "drizzle-orm/pg-core";
export const plan = pgEnum("plan", ${JSON.stringify(plans)});
export const account = pgTable("account", {
  id: serial("id").primaryKey(),
  email: varchar("email", { length: 200 }).notNull().unique(),
  plan: plan("plan").notNull().default("${plan}"),
  seats: integer("seats").notNull().default(1),
  note: text("note"),
}, (t) => [
  index("account_lower_email_idx").on(sql\`lower(\${t.email})\`).where(sql\`\${t.note} is null\`),
  check("account_seats_check", sql\`\${t.seats} > 0 or \${t.plan} <> 'pro'\`),
]);
`;

// Every relation, type, constraint, default, dependency and schema of the database, and the
// sequence's position: a probe left behind, or anything the check did, changes it.
const CATALOGUE = `SELECT json_build_array(
  (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace),
  (SELECT string_agg(relname || ':' || relkind::text, ',' ORDER BY relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')),
  (SELECT count(*) FROM pg_type), (SELECT count(*) FROM pg_constraint), (SELECT count(*) FROM pg_attrdef),
  (SELECT count(*) FROM pg_depend), (SELECT count(*) FROM pg_attribute), (SELECT count(*) FROM pg_index),
  (SELECT last_value FROM account_id_seq)
)::text AS fingerprint`;

const SCRATCH = "creating a scratch database";
const ON_LIVE = "probing the models on the target database inside a transaction that is always rolled back";

// Issue 21: without devUrl, `check` on PostgreSQL probes the models on the target database in a
// transaction that is always rolled back, instead of creating and dropping a scratch database;
// the target is left exactly as it was, and where the probes cannot run there (an event trigger,
// a type the target lacks) the scratch database is used as before, with the same verdict.
describe("check probes the models on the live PostgreSQL database, rolled back", () => {
  let backend: DatabaseBackend;
  let project: SchemaProject;
  const catalogue = async () =>
    (await backend.query<{ fingerprint: string }>(project.dir, CATALOGUE))[0]?.fingerprint;

  beforeAll(async () => {
    backend = await postgresBackend("liveprobe");
    project = await migratedSchemaProject(
      "postgresql",
      backend.env(),
      schema(["free", "pro"]),
      "create account",
    );
  }, 120_000);
  afterAll(async () => backend?.dispose());

  test("no differences: no scratch database, and the target's catalogue reads the same afterwards", async () => {
    const before = await catalogue();
    const result = await project.cli("check");
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("No differences");
    expect(result.stderr).toContain(ON_LIVE);
    expect(result.stderr).not.toContain(SCRATCH);
    expect(await catalogue()).toBe(before);
  });

  test("a model enum value the target lacks, as a default: the probe is refused there, the scratch database reports the drift", async () => {
    project.schema(schema(["free", "pro", "team"], "team"));
    const before = await catalogue();
    const result = await project.cli("check", "--json");
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe("ATHANOR_SCHEMA_DRIFT");
    expect(result.stdout).toContain("team");
    expect(result.stderr).toContain(SCRATCH);
    expect(await catalogue()).toBe(before);
    project.schema(schema(["free", "pro"]));
  });

  test("an enabled event trigger on the target: nothing runs there, the scratch database is used, same verdict", async () => {
    await backend.query(
      project.dir,
      "CREATE FUNCTION athanor_t_no_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'DDL on the target'; END $$",
    );
    await backend.query(
      project.dir,
      "CREATE EVENT TRIGGER athanor_t_no_ddl ON ddl_command_start EXECUTE FUNCTION athanor_t_no_ddl()",
    );
    try {
      const before = await catalogue();
      const result = await project.cli("check");
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain("No differences");
      expect(result.stderr).toContain(SCRATCH);
      expect(await catalogue()).toBe(before);
    } finally {
      await backend.query(project.dir, "DROP EVENT TRIGGER athanor_t_no_ddl");
      await backend.query(project.dir, "DROP FUNCTION athanor_t_no_ddl()");
    }
  });

  test("with devUrl, the dev database is used and nothing is probed on the target", async () => {
    const result = await project.cli("check", "--dev-url", "pglite");
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).not.toContain(ON_LIVE);
  });
});
