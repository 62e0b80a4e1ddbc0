import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectCli, tempDir, useSchemaFile } from "./harness.js";
import { rowsOf, type StageBackend } from "./stage-suite.js";

/** One dialect's schema with hand-written dependents of `age` and `mail`, and how to list them. */
interface Dialect {
  schema(s: { readonly ageInt: boolean; readonly mailName: string }): string;
  /** The table's indexes, CHECK constraints (and policies) as `name: definition`, sorted. */
  readonly dependents: string;
}

const PG: Dialect = {
  schema: ({ ageInt, mailName }) => `import { sql } from "drizzle-orm";
import { check, index, integer, pgPolicy, pgTable, pgView, text, uniqueIndex, varchar } from "drizzle-orm/pg-core";
export const users = pgTable("users", {
  id: integer("id").primaryKey(),
  ${mailName}: varchar("${mailName}", { length: 100 }).notNull(),
  age: ${ageInt ? 'integer("age")' : 'text("age")'},
}, (t) => [
  index("users_id_aged").on(t.id).where(sql\`\${t.age} IS NOT NULL\`),
  index("users_age_unset").on(sql\`(\${t.age} IS NULL)\`),
  uniqueIndex("users_age_uq").on(t.age),
  check("users_age_or_id", sql\`\${t.age} IS NOT NULL OR \${t.id} > 0\`),
  index("users_mail_set").on(t.id).where(sql\`\${t.${mailName}} <> ''\`),
  check("users_mail_long", sql\`length(\${t.${mailName}}) > 2\`),
  pgPolicy("users_mail_seen", { for: "select", using: sql\`\${t.${mailName}} IS NOT NULL\` }),
]);
export const usersView = pgView("users_v").as((qb) => qb.select({ id: users.id, ${mailName}: users.${mailName}, age: users.age }).from(users));
`,
  dependents: `SELECT indexname AS n, indexdef AS d FROM pg_indexes WHERE tablename = 'users'
    UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'users'::regclass
    UNION ALL SELECT policyname, qual FROM pg_policies WHERE tablename = 'users'
    ORDER BY 1, 2`,
};

// MariaDB has neither partial nor expression indexes: the CHECKs are the dependents it drops
// with the column (one naming only the column) or refuses to drop the column for (several).
const MARIADB: Dialect = {
  schema: ({ ageInt, mailName }) => `import { sql } from "drizzle-orm";
import { check, int, mysqlTable, mysqlView, varchar } from "drizzle-orm/mysql-core";
export const users = mysqlTable("users", {
  id: int("id").primaryKey(),
  ${mailName}: varchar("${mailName}", { length: 100 }).notNull(),
  age: ${ageInt ? 'int("age")' : 'varchar("age", { length: 20 })'},
}, (t) => [
  check("users_age_or_id", sql\`\${t.age} IS NOT NULL OR \${t.id} > 0\`),
  check("users_age_small", sql\`\${t.age} < 200\`),
  check("users_mail_long", sql\`length(\${t.${mailName}}) > 2\`),
]);
export const usersView = mysqlView("users_v").as((qb) => qb.select({ id: users.id, ${mailName}: users.${mailName}, age: users.age }).from(users));
`,
  dependents: `SELECT CONSTRAINT_NAME AS n, CHECK_CLAUSE AS d FROM information_schema.CHECK_CONSTRAINTS
    WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY 1, 2`,
};

/**
 * A staged column move whose column has indexes, CHECKs and a view beside its own keys: a partial
 * index whose predicate names it, an expression index, a CHECK over it and another column, a view
 * reading it (recreated over a renamed column only once that column exists). Dropping the
 * old column in contract drops them (or, on MariaDB, fails on the multi-column CHECK), so the
 * recipe must carry each over to the new column and its downgrade bring back the old ones; `check`
 * after the contract and the schema after the downgrade tell whether it did.
 */
export function defineStageDependentsSuite(makeBackend: () => Promise<StageBackend>): void {
  describe("staged column moves carry the column's indexes and CHECKs", () => {
    let backend: StageBackend;
    let project: string;
    let dialect: Dialect;
    const { cli, must } = projectCli(
      () => project,
      () => backend.env,
    );
    const rows = async (columns: string) =>
      rowsOf(await backend.query(`SELECT ${columns} FROM users ORDER BY id`));
    const dependents = async () => rowsOf(await backend.query(dialect.dependents));
    const upgrade = (...argv: string[]) => must("upgrade", ...argv);

    /** generate → expand → old-code writes → contract → check → downgrade → same schema and rows. */
    const walk = async (
      shape: { ageInt: boolean; mailName: string },
      rev: string,
      oldWrite: string,
      extra: string[],
    ) => {
      const start = (await backend.query("SELECT version_num AS v FROM athanor_version"))[0]?.v as string;
      const beforeSchema = await dependents();
      writeFileSync(join(project, "schema.ts"), dialect.schema(shape));
      const made = await must("revision", "--autogenerate", "-m", "move", "--rev-id", rev, ...extra);
      expect(made.stdout).toContain("Staged into");
      await upgrade("--phase", "expand");
      await backend.query(oldWrite);
      // old code still reads the view over the old column until the contract
      expect(await backend.query("SELECT id, mail, age FROM users_v")).toHaveLength(3);
      const columns = "id, mail, age";
      const beforeRows = await rows(columns);
      await upgrade();
      const check = await cli("check");
      expect(check.code, check.stdout + check.stderr).toBe(0);
      await must("downgrade", start);
      expect(await dependents()).toEqual(beforeSchema);
      expect(await rows(columns)).toEqual(beforeRows);
      expect(rowsOf(await backend.query(`SELECT ${columns} FROM users_v ORDER BY id`))).toEqual(beforeRows);
      await upgrade();
    };

    beforeAll(async () => {
      backend = await makeBackend();
      dialect = backend.dialect === "mysql" ? MARIADB : PG;
      project = tempDir("athanor-stage-deps-");
      expect((await cli("init", "--dialect", backend.dialect)).code).toBe(0);
      useSchemaFile(project);
      writeFileSync(join(project, "schema.ts"), dialect.schema({ ageInt: false, mailName: "mail" }));
      await must("revision", "--autogenerate", "-m", "users", "--rev-id", "a00000000001");
      await must("upgrade");
      await backend.query(
        "INSERT INTO users (id, mail, age) VALUES (1, 'ann@example.com', '31'), (2, 'bob@example.com', NULL)",
      );
    }, 120_000);
    afterAll(async () => backend?.dispose());

    test("type change: the indexes, CHECKs and view on the column follow it, and come back on downgrade", async () => {
      await walk(
        { ageInt: true, mailName: "mail" },
        "b00000000001",
        "INSERT INTO users (id, mail, age) VALUES (3, 'old@example.com', '7')",
        [],
      );
      expect(rowsOf(await backend.query("SELECT id, age FROM users ORDER BY id"))).toEqual([
        { id: "1", age: "31" },
        { id: "2", age: null },
        { id: "3", age: "7" },
      ]);
    }, 240_000);

    test("rename: the indexes, CHECKs, view and policy over the old name move to the new one", async () => {
      await walk(
        { ageInt: true, mailName: "email" },
        "c00000000001",
        "UPDATE users SET mail = 'ann2@example.com' WHERE id = 1",
        ["--rename", "users.mail:email"],
      );
      expect(rowsOf(await backend.query("SELECT id, email FROM users ORDER BY id"))).toEqual([
        { id: "1", email: "ann2@example.com" },
        { id: "2", email: "bob@example.com" },
        { id: "3", email: "old@example.com" },
      ]);
    }, 240_000);
  });
}
