// A Drizzle schema with objects athanor does not manage (a role not marked `.existing()`, a
// materialized view's tablespace) is refused by name through the CLI: exit 1, a coded error,
// nothing written. On MySQL a pg-core object among mysql-core ones is refused the same way.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";

const SERVERS = {
  postgresql: process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  mysql: process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
} as const;

const SCHEMAS = {
  postgresql: `import { integer, pgMaterializedView, pgRole, pgTable } from "drizzle-orm/pg-core";
export const accounts = pgTable("fit_accounts", { id: integer().primaryKey(), active: integer() });
export const admin = pgRole("fit_admin", { createRole: true });
export const totals = pgMaterializedView("fit_totals").tablespace("fast").as((qb) => qb.select().from(accounts));
`,
  mysql: `import { int, mysqlTable } from "drizzle-orm/mysql-core";
import { pgRole } from "drizzle-orm/pg-core";
export const accounts = mysqlTable("fit_accounts", { id: int().primaryKey() });
export const admin = pgRole("fit_admin").existing();
`,
};

const EXPECTED = {
  postgresql: {
    code: "ATHANOR_SCHEMA_OBJECT_UNSUPPORTED",
    objects: ['role "fit_admin" (pgRole)', 'materialized view "public"."fit_totals" (tablespace)'],
  },
  mysql: { code: "ATHANOR_SCHEMA_INVALID", objects: ["pg-core objects but the dialect is mysql"] },
};

describe("objects athanor does not manage, through the CLI", () => {
  // each server gets a database of this file's own: the CLI must not touch the shared `test` one
  const databases: Partial<Record<keyof typeof SERVERS, TestDatabase>> = {};
  beforeAll(async () => {
    [databases.postgresql, databases.mysql] = await Promise.all([
      createTestDatabase({ url: SERVERS.postgresql, prefix: "unmanaged_cli" }),
      createTestDatabase({ url: SERVERS.mysql, prefix: "unmanaged_cli" }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(Object.values(databases).map((db) => db.dispose()));
  });

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
      const db = databases[dialect];
      if (db?.url === undefined) throw new Error(`no test database on ${dialect}`);
      const env = { DATABASE_URL: db.url };
      for (const argv of [["diff"], ["revision", "--autogenerate", "-m", "unmanaged"]]) {
        const result = await runCli(project, argv, { env });
        expect(result.code, result.stdout).toBe(1);
        expect(result.stderr).toContain(`error[${EXPECTED[dialect].code}]`);
        for (const object of EXPECTED[dialect].objects) expect(result.stderr).toContain(object);
      }
      expect(readdirSync(join(project, "migrations", "versions"))).toEqual([]);
      expect((await db.introspect()).tables).toEqual([]);
    });
  }
});
