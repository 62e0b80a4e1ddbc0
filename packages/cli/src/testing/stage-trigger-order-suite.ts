import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectCli, tempDir, useSchemaFile } from "./harness.js";
import { rowsOf, runStatements, type StageBackend, usersColumns } from "./stage-suite.js";

/** One dialect's schema, its hand-written trigger lowering `mail`. */
interface Dialect {
  schema(mailName: string): string;
  /** Creates a BEFORE INSERT/UPDATE trigger named `name` that lowers NEW.mail. */
  normalize(name: string): readonly string[];
  dropNormalize(name: string): readonly string[];
}

const PG: Dialect = {
  schema: (mailName) => `import { integer, pgTable, varchar } from "drizzle-orm/pg-core";
export const users = pgTable("users", { id: integer("id").primaryKey(), ${mailName}: varchar("${mailName}", { length: 100 }) });
`,
  normalize: (name) => [
    `CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.mail := lower(NEW.mail); RETURN NEW; END $$`,
    `CREATE TRIGGER "${name}" BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION "${name}"()`,
  ],
  dropNormalize: (name) => [`DROP TRIGGER "${name}" ON users`, `DROP FUNCTION "${name}"()`],
};

const MARIADB: Dialect = {
  schema: (mailName) => `import { int, mysqlTable, varchar } from "drizzle-orm/mysql-core";
export const users = mysqlTable("users", { id: int("id").primaryKey(), ${mailName}: varchar("${mailName}", { length: 100 }) });
`,
  normalize: (name) => [
    `CREATE TRIGGER \`${name}_ins\` BEFORE INSERT ON users FOR EACH ROW SET NEW.mail = lower(NEW.mail)`,
    `CREATE TRIGGER \`${name}_upd\` BEFORE UPDATE ON users FOR EACH ROW SET NEW.mail = lower(NEW.mail)`,
  ],
  dropNormalize: (name) => [`DROP TRIGGER \`${name}_ins\``, `DROP TRIGGER \`${name}_upd\``],
};

/**
 * A staged rename of `mail` under a hand-written BEFORE trigger that lowers `mail` (`users_normalize`,
 * which on PostgreSQL sorts after a sync trigger named `users_mail_email_sync`: triggers fire in
 * name order there, MariaDB fires them in creation order). After expand, old code's write through
 * `mail` must reach `email` as the trigger made it; a trigger that would still fire after the copy
 * is refused (PostgreSQL) before anything is applied.
 */
export function defineStageTriggerOrderSuite(
  makeBackend: () => Promise<StageBackend>,
  on: "postgresql" | "mysql",
): void {
  describe("a staged rename under a hand-written BEFORE trigger", () => {
    let backend: StageBackend;
    let project: string;
    let dialect: Dialect;
    const { cli, must } = projectCli(
      () => project,
      () => backend.env,
    );
    const run = (statements: readonly string[]) => runStatements(backend, statements);
    const columns = () => usersColumns(backend);

    beforeAll(async () => {
      backend = await makeBackend();
      expect(backend.dialect).toBe(on);
      dialect = on === "mysql" ? MARIADB : PG;
      project = tempDir("athanor-stage-trigger-");
      expect((await cli("init", "--dialect", backend.dialect)).code).toBe(0);
      useSchemaFile(project);
      writeFileSync(join(project, "schema.ts"), dialect.schema("mail"));
      await must("revision", "--autogenerate", "-m", "users", "--rev-id", "a00000000001");
      await must("upgrade");
      await run(dialect.normalize("users_normalize"));
      await backend.query("INSERT INTO users (id, mail) VALUES (1, 'Ann@Example.COM')");
      writeFileSync(join(project, "schema.ts"), dialect.schema("email"));
      await must(
        "revision",
        "--autogenerate",
        "-m",
        "rename",
        "--rev-id",
        "b00000000001",
        "--rename",
        "users.mail:email",
      );
    }, 180_000);
    afterAll(async () => backend?.dispose());

    test("old code's write through the old column reaches the new one as the trigger made it", async () => {
      await must("upgrade", "--phase", "expand");
      await backend.query("INSERT INTO users (id, mail) VALUES (2, 'Bob@Example.COM')");
      await backend.query("UPDATE users SET mail = 'Ann2@Example.COM' WHERE id = 1");
      expect(rowsOf(await backend.query("SELECT id, mail, email FROM users ORDER BY id"))).toEqual([
        { id: "1", mail: "ann2@example.com", email: "ann2@example.com" },
        { id: "2", mail: "bob@example.com", email: "bob@example.com" },
      ]);
      await must("downgrade", "a00000000001");
    }, 180_000);

    if (on === "postgresql")
      test("PostgreSQL: a BEFORE trigger that still sorts after the sync trigger is refused, nothing applied", async () => {
        await run(dialect.normalize("zzz_late_normalize"));
        const refused = await cli("upgrade", "--phase", "expand");
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain("zzz_late_normalize");
        expect(refused.stderr).toContain("fire after the sync trigger");
        expect(await columns()).toEqual(["id", "mail"]);
        await run(dialect.dropNormalize("zzz_late_normalize"));
        await must("upgrade", "--phase", "expand");
        expect(await columns()).toEqual(["email", "id", "mail"]);
        await must("downgrade", "a00000000001");
      }, 180_000);
  });
}
