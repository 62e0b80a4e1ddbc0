// A Drizzle schema with objects athanor does not manage yet (views, policies, roles, RLS) is
// refused by name through the CLI on each server dialect: exit 1, a coded error, nothing written.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";

const SERVERS = {
  postgresql: process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  mysql: process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
} as const;

const SCHEMAS = {
  postgresql: `import { sql } from "drizzle-orm";
import { integer, pgPolicy, pgTable, pgView } from "drizzle-orm/pg-core";
export const accounts = pgTable("fit_accounts", { id: integer().primaryKey(), active: integer() }, () => [
  pgPolicy("own_rows", { for: "select", using: sql\`true\` }),
]).enableRLS();
export const active = pgView("fit_active_accounts").as((qb) => qb.select().from(accounts));
`,
  mysql: `import { int, mysqlTable, mysqlView } from "drizzle-orm/mysql-core";
export const accounts = mysqlTable("fit_accounts", { id: int().primaryKey() });
export const ids = mysqlView("fit_account_ids").as((qb) => qb.select().from(accounts));
`,
};

const EXPECTED = {
  postgresql: [
    'view "public"."fit_active_accounts" (pgView)',
    'policy "own_rows" on table "public"."fit_accounts" (pgPolicy)',
    'row-level security on table "public"."fit_accounts" (enableRLS)',
  ],
  mysql: ['view "fit_account_ids" (mysqlView)'],
};

describe("objects athanor does not manage, through the CLI", () => {
  for (const dialect of ["postgresql", "mysql"] as const) {
    it(`${dialect}: diff and revision --autogenerate refuse them by name and write nothing`, async () => {
      const project = tempDir("athanor-unmanaged-");
      mkdirSync(join(project, "migrations", "versions"), { recursive: true });
      symlinkSync(join(import.meta.dirname, "../../node_modules"), join(project, "node_modules"), "dir");
      writeFileSync(
        join(project, "athanor.config.mjs"),
        `export default { dialect: "${dialect}", schema: "schema.ts" };\n`,
      );
      writeFileSync(join(project, "schema.ts"), SCHEMAS[dialect]);
      const env = { DATABASE_URL: SERVERS[dialect] };
      for (const argv of [["diff"], ["revision", "--autogenerate", "-m", "views"]]) {
        const result = await runCli(project, argv, { env });
        expect(result.code, result.stdout).toBe(1);
        expect(result.stderr).toContain("error[ATHANOR_SCHEMA_OBJECT_UNSUPPORTED]");
        for (const object of EXPECTED[dialect]) expect(result.stderr).toContain(object);
      }
      expect(readdirSync(join(project, "migrations", "versions"))).toEqual([]);
    });
  }
});
