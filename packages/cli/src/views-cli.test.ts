import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresBackend } from "./testing/database-backend.js";
import { type DriftBackend, mysqlDriftBackend } from "./testing/drift-suite.js";
import { type SchemaProject, schemaProject } from "./testing/schema-project.js";

// Views (and, on PostgreSQL, row-level security and a policy) through the CLI: autogenerate →
// upgrade → check clean → a view changed by hand is drift that `check` names → downgrade.
const SCHEMAS = {
  postgresql: `import { eq, sql } from "drizzle-orm";
import { integer, pgPolicy, pgTable, pgView, text } from "drizzle-orm/pg-core";
export const accounts = pgTable("accounts", { id: integer().primaryKey(), owner: text().notNull(), active: integer().notNull() }, (t) => [
  pgPolicy("own_rows", { for: "select", using: sql\`\${t.owner} = current_user\` }),
]);
export const active = pgView("active_accounts").as((qb) => qb.select({ id: accounts.id }).from(accounts).where(eq(accounts.active, 1)));
`,
  mysql: `import { eq } from "drizzle-orm";
import { int, mysqlTable, mysqlView } from "drizzle-orm/mysql-core";
export const accounts = mysqlTable("accounts", { id: int().primaryKey(), active: int().notNull() });
export const active = mysqlView("active_accounts").as((qb) => qb.select({ id: accounts.id }).from(accounts).where(eq(accounts.active, 1)));
`,
};

async function postgresDrift(): Promise<DriftBackend> {
  const backend = await postgresBackend("views");
  return {
    dialect: "postgresql",
    env: () => backend.env(),
    exec: async (project, sql) => void (await backend.query(project, sql)),
    dispose: () => backend.dispose(),
    server: true,
  };
}

for (const [dialect, make] of [
  ["postgresql", postgresDrift],
  ["mysql", () => mysqlDriftBackend("views")],
] as const) {
  describe(`views through the CLI on ${dialect === "mysql" ? "MariaDB" : "PostgreSQL"}`, () => {
    let backend: DriftBackend;
    let project: SchemaProject;

    beforeAll(async () => {
      backend = await make();
      project = await schemaProject(dialect, backend.env());
      project.schema(SCHEMAS[dialect]);
    });
    afterAll(async () => backend?.dispose());

    test("autogenerate, upgrade, check, drift of a changed view, downgrade", async () => {
      const made = await project.cli("revision", "--autogenerate", "-m", "accounts and views");
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toContain("+ view active_accounts");
      if (dialect === "postgresql") {
        expect(made.stdout).toContain("+ row-level security on accounts");
        expect(made.stdout).toContain("+ policy own_rows on accounts");
      }
      const up = await project.cli("upgrade");
      expect(up.code, up.stderr).toBe(0);
      const clean = await project.cli("check");
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);

      await backend.exec(
        project.dir,
        "CREATE OR REPLACE VIEW active_accounts AS SELECT id FROM accounts WHERE active = 2",
      );
      const drift = await project.cli("check");
      expect(drift.code).toBe(1);
      expect(drift.stdout).toContain("- view active_accounts");
      expect(drift.stdout).toContain("+ view active_accounts");

      const down = await project.cli("downgrade", "base");
      expect(down.code, down.stderr).toBe(0);
      const again = await project.cli("upgrade");
      expect(again.code, again.stderr).toBe(0);
      const back = await project.cli("check");
      expect(back.code, back.stdout + back.stderr).toBe(0);
    });
  });
}

// A type change the splitter stages (expand → migrate → contract) under a view: the contract
// phase swaps the columns, so it drops and re-creates the view around the swap itself.
const staged = (type: string) => `import { eq } from "drizzle-orm";
import { bigint, integer, pgTable, pgView } from "drizzle-orm/pg-core";
export const accounts = pgTable("accounts", { id: integer().primaryKey(), n: ${type}, active: integer().notNull() });
export const active = pgView("active_accounts").as((qb) => qb.select({ id: accounts.id, n: accounts.n }).from(accounts).where(eq(accounts.active, 1)));
`;

describe("a staged type change under a view, on PostgreSQL", () => {
  let backend: DriftBackend;
  let project: SchemaProject;

  beforeAll(async () => {
    backend = await postgresDrift();
    project = await schemaProject("postgresql", backend.env());
  });
  afterAll(async () => backend?.dispose());

  test("every phase applies, check is clean, and the phases downgrade", async () => {
    project.schema(staged("integer()"));
    expect((await project.cli("revision", "--autogenerate", "-m", "one")).code).toBe(0);
    expect((await project.cli("upgrade")).code).toBe(0);
    project.schema(staged('bigint({ mode: "number" })'));
    const made = await project.cli("revision", "--autogenerate", "-m", "two");
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain("Staged into 4 revisions");
    expect(made.stderr).not.toContain("pg/change-under-view");
    const up = await project.cli("upgrade");
    expect(up.code, up.stderr).toBe(0);
    const check = await project.cli("check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const down = await project.cli("downgrade", "-4");
    expect(down.code, down.stderr).toBe(0);
  });
});
