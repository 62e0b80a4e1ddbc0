import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { operations } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectCli, tempDir, useSchemaFile } from "./harness.js";
import { feedClient } from "./sql-client.js";
import { rowsOf, runStatements, type StageBackend, usersColumns } from "./stage-suite.js";

/** One dialect's schemas and its hand-written objects over `users.mail`, outside the models. */
interface Dialect {
  /** v1 names `mail` and `legacy`; v2 has `email` (renamed from `mail`) and no `legacy`. */
  schema(version: 1 | 2): string;
  /** Creates the hand-written objects; `names` as the refusal lists them. */
  readonly create: readonly string[];
  readonly drop: readonly string[];
  readonly names: readonly string[];
  /** Shows the objects broken once `mail` is gone (the run was told to go ahead). */
  broken(backend: StageBackend): Promise<void>;
}

/** `users` in v1 (`mail`, `legacy`) or v2 (`email`), with one dialect's Drizzle builders. */
function usersSchema(core: "pg" | "mysql", int: string, version: 1 | 2): string {
  const fields =
    version === 1
      ? 'mail: varchar("mail", { length: 100 }), legacy: varchar("legacy", { length: 100 })'
      : 'email: varchar("email", { length: 100 })';
  return `import { ${int}, ${core}Table, varchar } from "drizzle-orm/${core}-core";
export const users = ${core}Table("users", { id: ${int}("id").primaryKey(), ${fields} });
`;
}

const PG: Dialect = {
  schema: (version) => usersSchema("pg", "integer", version),
  // a trigger function (PostgreSQL does not track what a function body names) and a view
  create: [
    "CREATE FUNCTION users_lower_mail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.mail := lower(NEW.mail); RETURN NEW; END $$",
    "CREATE TRIGGER users_lower_mail BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION users_lower_mail()",
    "CREATE VIEW users_mail AS SELECT id, mail FROM users",
  ],
  drop: [
    "DROP VIEW users_mail",
    "DROP TRIGGER users_lower_mail ON users",
    "DROP FUNCTION users_lower_mail()",
  ],
  names: ["trigger users_lower_mail on users (function users_lower_mail())", "view users_mail"],
  // the view cannot outlive the column (PostgreSQL tracks it), so go-ahead runs without it
  broken: async (backend) => {
    await expect(backend.query("INSERT INTO users (id, email) VALUES (9, 'x@y')")).rejects.toThrow(
      /record "new" has no field "mail"/,
    );
  },
};

const MARIADB: Dialect = {
  schema: (version) => usersSchema("mysql", "int", version),
  create: [
    "CREATE VIEW users_mail AS SELECT id, mail FROM users",
    "CREATE TRIGGER users_legacy_ins BEFORE INSERT ON users FOR EACH ROW SET NEW.legacy = 'x'",
  ],
  drop: ["DROP VIEW users_mail", "DROP TRIGGER users_legacy_ins"],
  names: [], // filled below: MariaDB names them with their database
  broken: async (backend) => {
    await expect(backend.query("SELECT * FROM users_mail")).rejects.toThrow(/references invalid table/);
  },
};

/** The contract revisions autogenerate wrote (their `phase` header), in file order. */
function contractFiles(project: string): string[] {
  const dir = join(project, "migrations", "versions");
  return readdirSync(dir)
    .filter((f) => /phase: "contract"/.test(readFileSync(join(dir, f), "utf8")))
    .sort();
}

/**
 * The user's path when a contract removes a column that something outside the models still
 * names: autogenerate a staged rename (`mail` → `email`) and a dropped column (`legacy`), apply
 * expand and migrate, create the hand-written objects, then `upgrade`: the contract refuses with
 * ATHANOR_BROKEN_DEPENDENTS naming them, nothing of it applied. With the objects gone the same
 * contract runs as ever; recreated, `--allow-broken-dependents` runs it over them.
 */
export function defineStageHandwrittenSuite(
  makeBackend: () => Promise<StageBackend>,
  on: "postgresql" | "mysql",
): void {
  describe("a staged contract under hand-written objects outside the models", () => {
    let backend: StageBackend;
    let project: string;
    let dialect: Dialect;
    let migrated: string;
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
      if (on === "mysql") {
        const [db] = rowsOf(await backend.query("SELECT DATABASE() AS d"));
        dialect = { ...dialect, names: [`trigger ${db?.d}.users_legacy_ins`, `view ${db?.d}.users_mail`] };
      }
      project = tempDir("athanor-stage-handwritten-");
      expect((await cli("init", "--dialect", backend.dialect)).code).toBe(0);
      useSchemaFile(project);
      writeFileSync(join(project, "schema.ts"), dialect.schema(1));
      await must("revision", "--autogenerate", "-m", "users", "--rev-id", "a00000000001");
      await must("upgrade");
      await backend.query("INSERT INTO users (id, mail, legacy) VALUES (1, 'ann@example.com', 'l')");
      writeFileSync(join(project, "schema.ts"), dialect.schema(2));
      await must(
        "revision",
        "--autogenerate",
        "-m",
        "v2",
        "--rev-id",
        "b00000000001",
        "--rename",
        "users.mail:email",
      );
      await must("upgrade", "--phase", "expand");
      migrated = (await must("current")).stdout.trim().split(/[\s,]/)[0] as string;
      expect(contractFiles(project).length).toBeGreaterThan(0);
    }, 180_000);
    afterAll(async () => backend?.dispose());

    test("the contract refuses while they name a column it removes, and nothing of it is applied", async () => {
      await run(dialect.create);
      const refused = await cli("upgrade", "--json");
      expect(refused.code).toBe(1);
      const error = JSON.parse(refused.stdout).error;
      expect(error.code).toBe("ATHANOR_BROKEN_DEPENDENTS");
      expect(error.meta.dependents).toEqual(dialect.names);
      expect(error.meta.outcome).toBe("nothing");
      expect(await columns()).toEqual(["email", "id", "legacy", "mail"]);
      expect((await must("current")).stdout.trim().split(/[\s,]/)[0]).toBe(migrated);
    }, 180_000);

    test("the contract's offline script, run by the database's own client, refuses too", async () => {
      const script = await must("upgrade", `${migrated}:heads`, "--sql");
      const client = feedClient(on, backend.env.DATABASE_URL as string, script.stdout);
      expect(client.status).not.toBe(0);
      // MySQL's form (what an offline MySQL/MariaDB script gets) raises through time_zone
      expect(client.stderr).toContain(on === "mysql" ? "time zone: '[trigger " : "[trigger users_lower_mail");
      expect(await columns()).toEqual(["email", "id", "legacy", "mail"]);
      if (on === "mysql") {
        // MariaDB's compound statement, between the DELIMITER lines the mysql client needs
        const mariadb = mysqlDialect({ server: "mariadb" });
        const guard = operations.requireNoDependents("users", ["mail", "legacy"], {
          syncTriggers: ["zz_users_mail_email_sync"],
        });
        const compound = mariadb.render(guard).map((sql) => mariadb.offlineStatement?.(sql) ?? sql);
        expect(compound[0]).toMatch(/^DELIMITER \/\/\nBEGIN NOT ATOMIC/);
        const refused = feedClient(on, backend.env.DATABASE_URL as string, compound.join("\n"));
        expect(refused.status).not.toBe(0);
        expect(refused.stderr).toContain(`[${dialect.names.join("; ")}]`);
      }
      expect((await must("current")).stdout.trim().split(/[\s,]/)[0]).toBe(migrated);
    }, 180_000);

    test("with the objects gone, the same contract runs as it always did", async () => {
      await run(dialect.drop);
      await must("upgrade");
      expect(await columns()).toEqual(["email", "id"]);
      expect(rowsOf(await backend.query("SELECT id, email FROM users"))).toEqual([
        { id: "1", email: "ann@example.com" },
      ]);
      await must("downgrade", migrated);
      expect(await columns()).toEqual(["email", "id", "legacy", "mail"]);
    }, 180_000);

    test("--allow-broken-dependents runs the contract over them, as the user chose", async () => {
      await run(dialect.create);
      // PostgreSQL tracks views: its DROP COLUMN would refuse, so only the trigger is left to break
      if (on === "postgresql") await backend.query("DROP VIEW users_mail");
      await must("upgrade", "--allow-broken-dependents");
      expect(await columns()).toEqual(["email", "id"]);
      await dialect.broken(backend);
    }, 180_000);
  });
}
