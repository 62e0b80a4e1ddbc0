import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mariadbStageBackend } from "./testing/mariadb-stage-backend.js";
import { migratedSchemaProject, type SchemaProject } from "./testing/schema-project.js";
import type { StageBackend } from "./testing/stage-suite.js";

// the schema's own interpolation of the seats column, inside its sql`…`
const SEATS = ["$", "{t.seats}"].join("");

const schema = (options: { seats?: number; check?: string } = {}) => `import { sql } from "drizzle-orm";
import { check, index, int, mysqlTable, serial, text, varchar } from "drizzle-orm/mysql-core";
export const account = mysqlTable("account", {
  id: serial("id").primaryKey(),
  email: varchar("email", { length: 190 }).notNull().unique(),
  plan: varchar("plan", { length: 20 }).notNull().default("free"),
  seats: int("seats").notNull().default(${options.seats ?? 1}),
  note: text("note"),
}, (t) => [
  index("account_plan_seats_idx").on(t.plan, t.seats),
  check("account_seats_check", sql\`${options.check ?? `${SEATS} > 0`}\`),
]);
export const member = mysqlTable("member", {
  id: serial("id").primaryKey(),
  accountId: int("account_id").notNull(),
  name: varchar("name", { length: 100 }).notNull().default("new"),
});
`;

// Every table of the live database with its columns, keys and checks: anything the check left
// there changes it.
const CATALOGUE = `SELECT CONCAT_WS('|',
  (SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()),
  (SELECT GROUP_CONCAT(CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE, ' ', IFNULL(COLUMN_DEFAULT, '-')) ORDER BY TABLE_NAME, ORDINAL_POSITION) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()),
  (SELECT count(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()),
  (SELECT GROUP_CONCAT(CONSTRAINT_NAME ORDER BY CONSTRAINT_NAME) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE())
) AS fingerprint`;

const SCRATCH = "creating a scratch database";
const ON_LIVE = "probing the models in a database of their own on the target server";

// Issue 21: without devUrl, `check` on MariaDB sends its probes on the live session into a
// database of their own, created and dropped there, instead of opening an admin session and a
// scratch database's session; where the server refuses a probe, the scratch database goes the
// full way and reports the server's error, as before.
describe("check probes the models on MariaDB's live session, in a database of their own", () => {
  let backend: StageBackend;
  let project: SchemaProject;
  const catalogue = async () => String((await backend.query(CATALOGUE))[0]?.fingerprint);

  beforeAll(async () => {
    backend = await mariadbStageBackend("liveprobe");
    project = await migratedSchemaProject("mysql", backend.env, schema(), "create account");
  }, 120_000);
  afterAll(async () => backend?.dispose());

  test("no differences: no scratch database, and the target reads the same afterwards", async () => {
    const before = await catalogue();
    const result = await project.cli("check");
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("No differences");
    expect(result.stderr).toContain(ON_LIVE);
    expect(result.stderr).not.toContain(SCRATCH);
    expect(await catalogue()).toBe(before);
  });

  test("a changed default and a changed check are reported from the probes", async () => {
    project.schema(schema({ seats: 2, check: `${SEATS} >= 1` }));
    try {
      const before = await catalogue();
      const result = await project.cli("check", "--json");
      expect(result.code, result.stderr).toBe(1);
      const { error } = JSON.parse(result.stdout);
      expect(error.code).toBe("ATHANOR_SCHEMA_DRIFT");
      const kinds = (error.meta.operations as { kind: string }[]).map((op) => op.kind).sort();
      expect(kinds).toEqual(["addCheck", "alterColumn", "dropConstraint"]);
      expect(result.stderr).toContain(ON_LIVE);
      expect(result.stderr).not.toContain(SCRATCH);
      expect(await catalogue()).toBe(before);
    } finally {
      project.schema(schema());
    }
  });

  test("a probe the server refuses: the scratch database goes the full way and reports the server's error", async () => {
    project.schema(schema({ check: `athanor_no_such_function(${SEATS}) > 0` }));
    try {
      const before = await catalogue();
      const result = await project.cli("check", "--json");
      expect(result.code, result.stderr).toBe(1);
      expect(JSON.parse(result.stdout).error.code).toBe("ATHANOR_CANONICALIZE_FAILED");
      expect(result.stdout).toContain("athanor_no_such_function");
      expect(result.stderr).toContain(SCRATCH);
      expect(await catalogue()).toBe(before);
    } finally {
      project.schema(schema());
    }
  });
});
