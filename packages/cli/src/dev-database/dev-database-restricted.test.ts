// The dev database on restricted accounts, as issue 17 found them: a PostgreSQL role without
// CREATEDB and a MariaDB user limited to its own databases. Without devUrl, commands that need a
// scratch database fail with ATHANOR_DEV_DATABASE_FAILED naming the privilege and devUrl (never
// blaming the models, never "internal"); with devUrl they work and leave the dev database empty.
import { randomBytes } from "node:crypto";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type CliResult, runCli, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";

const PG = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MY = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const REV = "dd0000000001";

interface Server {
  readonly dialect: "postgresql" | "mysql";
  /** URL of database `name` as the restricted user. */
  url(name: string): string;
  exec(sql: string): Promise<void>;
  /** Tables in database `name`, read as the administrator. */
  tables(name: string): Promise<number>;
  close(): Promise<void>;
}

async function postgresServer(user: string): Promise<Server> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  return {
    dialect: "postgresql",
    url: (name) => {
      const u = new URL(PG);
      u.username = user;
      u.pathname = `/${name}`;
      return u.toString();
    },
    exec: async (sql) => void (await admin.unsafe(sql)),
    tables: async (name) => {
      const u = new URL(PG);
      u.pathname = `/${name}`;
      const db = postgres(u.toString(), { max: 1, onnotice: () => {} });
      try {
        const [row] = await db.unsafe(
          "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND c.relkind IN ('r', 'v', 'S')",
        );
        return Number(row?.n);
      } finally {
        await db.end();
      }
    },
    close: () => admin.end(),
  };
}

async function mysqlServer(user: string): Promise<Server> {
  const mysql = (await import("mysql2/promise")).default;
  const admin = await mysql.createConnection(MY);
  return {
    dialect: "mysql",
    url: (name) => {
      const u = new URL(MY);
      u.username = user;
      u.pathname = `/${name}`;
      return u.toString();
    },
    exec: async (sql) => void (await admin.query(sql)),
    tables: async (name) => {
      const [rows] = await admin.query(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ?",
        [name],
      );
      return Number((rows as { n: number }[])[0]?.n);
    },
    close: () => admin.end(),
  };
}

function defineRestrictedSuite(dialect: "postgresql" | "mysql"): void {
  describe(`dev database for a ${dialect === "postgresql" ? "PostgreSQL role without CREATEDB" : "MariaDB user limited to its databases"}`, () => {
    const id = randomBytes(4).toString("hex");
    const user = `athanor_restricted_${id}`;
    const live = `athanor_devlive_${id}`;
    const dev = `athanor_devdev_${id}`;
    // a dev database the user may use but not build in (PostgreSQL: owned by the administrator)
    const readOnly = `athanor_devro_${id}`;
    let server: Server;
    let project: string;
    const cli = (argv: string[], env: Record<string, string> = {}): Promise<CliResult> =>
      runCli(project, argv, { env: { DATABASE_URL: server.url(live), ...env } });

    beforeAll(async () => {
      server = dialect === "postgresql" ? await postgresServer(user) : await mysqlServer(user);
      if (dialect === "postgresql") {
        await server.exec(`CREATE ROLE ${user} LOGIN NOCREATEDB`);
        await server.exec(`CREATE DATABASE ${live} OWNER ${user}`);
        await server.exec(`CREATE DATABASE ${dev} OWNER ${user}`);
        await server.exec(`CREATE DATABASE ${readOnly}`);
      } else {
        await server.exec(`CREATE USER '${user}'@'%'`);
        await server.exec(`CREATE USER '${user}'@'localhost'`);
        for (const db of [live, dev]) {
          await server.exec(`CREATE DATABASE ${db}`);
          for (const host of ["%", "localhost"])
            await server.exec(`GRANT ALL ON ${db}.* TO '${user}'@'${host}'`);
        }
        await server.exec(`CREATE DATABASE ${readOnly}`);
        for (const host of ["%", "localhost"])
          await server.exec(`GRANT SELECT ON ${readOnly}.* TO '${user}'@'${host}'`);
      }
      project = tempDir("athanor-devdb-");
      mkdirSync(join(project, "migrations", "versions"), { recursive: true });
      symlinkSync(join(import.meta.dirname, "../../node_modules"), join(project, "node_modules"), "dir");
      writeFileSync(
        join(project, "athanor.config.mjs"),
        `export default { dialect: "${dialect}", versions: "migrations/versions", schema: "schema.ts" };\n`,
      );
      writeFileSync(
        join(project, "schema.ts"),
        dialect === "postgresql"
          ? `import { integer, pgTable, varchar } from "drizzle-orm/pg-core";\nexport const account = pgTable("account", { id: integer().primaryKey(), email: varchar({ length: 100 }).notNull() });\n`
          : `import { int, mysqlTable, varchar } from "drizzle-orm/mysql-core";\nexport const account = mysqlTable("account", { id: int().primaryKey(), email: varchar({ length: 100 }).notNull() });\n`,
      );
      const revision = await cli(["revision", "-m", "create account", "--rev-id", REV]);
      expect(revision.code, revision.stderr).toBe(0);
      setBody(
        project,
        REV,
        'op.execute("CREATE TABLE account (id int PRIMARY KEY, email varchar(100) NOT NULL)")',
        'op.execute("DROP TABLE account")',
      );
      const up = await cli(["upgrade"]);
      expect(up.code, up.stderr).toBe(0);
    }, 120_000);

    afterAll(async () => {
      if (server === undefined) return;
      const force = dialect === "postgresql" ? " WITH (FORCE)" : "";
      for (const db of [live, dev, readOnly])
        await server.exec(`DROP DATABASE IF EXISTS ${db}${force}`).catch(() => {});
      if (dialect === "postgresql") await server.exec(`DROP ROLE IF EXISTS ${user}`).catch(() => {});
      else
        for (const host of ["%", "localhost"]) await server.exec(`DROP USER IF EXISTS '${user}'@'${host}'`);
      await server.close();
    });

    const privilege = dialect === "postgresql" ? "CREATEDB" : "CREATE privilege";

    test.each([
      ["check --against migrations", ["check", "--against", "migrations"]],
      // PostgreSQL probes the models on the target, rolled back: no scratch database (below)
      ...(dialect === "mysql" ? [["autogenerate (diff)", ["diff"]] as [string, string[]]] : []),
      ["stamp --verify", ["stamp", REV, "--verify"]],
    ])(
      "without devUrl, %s names the missing privilege and devUrl, and announces the scratch database",
      async (_, argv) => {
        const result = await cli(argv);
        expect(result.code, result.stdout).toBe(1);
        expect(result.stderr).toContain("error[ATHANOR_DEV_DATABASE_FAILED]");
        expect(result.stderr).toContain(privilege);
        expect(result.stderr).toContain("devUrl");
        expect(result.stderr).not.toMatch(/ATHANOR_INTERNAL|ATHANOR_CANONICALIZE_FAILED|Drizzle model/);
        expect(result.stderr.match(/athanor: creating a scratch database on /g)).toHaveLength(1);
      },
    );

    if (dialect === "postgresql")
      test.each([
        ["autogenerate (diff)", ["diff"]],
        ["check (models)", ["check"]],
      ])(
        "without devUrl, %s probes the models on the target in a rolled-back transaction: no scratch database, CREATEDB not needed, nothing left",
        async (_, argv) => {
          const before = await server.tables(live);
          const result = await cli(argv);
          expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
          expect(result.stdout).toMatch(/No differences|No changes/i);
          expect(result.stderr).toContain("probing the models on the target database");
          expect(result.stderr).not.toContain("creating a scratch database");
          expect(await server.tables(live)).toBe(before);
        },
      );

    test.each([
      ["check --against migrations", ["check", "--against", "migrations"], /No drift/],
      ["autogenerate (diff)", ["diff"], /No changes|no differences|up to date/i],
      ["check (models)", ["check"], /./],
    ])(
      "with --dev-url, %s works, creates nothing on the target server and leaves the dev database empty",
      async (_, argv, expected) => {
        const result = await cli([...argv, "--dev-url", server.url(dev)]);
        expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
        expect(result.stdout).toMatch(expected);
        expect(result.stderr).not.toContain("creating a scratch database");
        expect(await server.tables(dev)).toBe(0);
      },
    );

    test("ATHANOR_DEV_URL works as --dev-url does, and a dev database that is not empty is refused untouched", async () => {
      const viaEnv = await cli(["check", "--against", "migrations"], { ATHANOR_DEV_URL: server.url(dev) });
      expect(viaEnv.code, viaEnv.stderr).toBe(0);
      const devConfig = server.url(dev);
      await server.exec(
        dialect === "postgresql"
          ? `CREATE TABLE IF NOT EXISTS keep_me (id int)` // in the admin's default database: not the dev one
          : `CREATE TABLE ${dev}.keep_me (id int)`,
      );
      if (dialect === "postgresql") {
        // a table inside the dev database itself, as its owner would leave one
        const { default: postgres } = await import("postgres");
        const owner = postgres(devConfig, { max: 1, onnotice: () => {} });
        await owner.unsafe("CREATE TABLE keep_me (id int)");
        await owner.end();
        await server.exec("DROP TABLE IF EXISTS keep_me");
      }
      const refused = await cli(["check", "--against", "migrations", "--dev-url", devConfig]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("error[ATHANOR_DEV_DATABASE_NOT_EMPTY]");
      expect(await server.tables(dev)).toBe(1);
    });

    test("check --against migrations with a dev database the user may not build in: ATHANOR_REPLAY_FAILED saying what to grant, nothing left behind", async () => {
      const result = await cli([
        "check",
        "--against",
        "migrations",
        "--dev-url",
        server.url(readOnly),
        "--json",
      ]);
      expect(result.code, result.stderr).toBe(1);
      const error = JSON.parse(result.stdout).error as {
        code: string;
        message: string;
        meta: Record<string, unknown>;
      };
      expect(error.code).toBe("ATHANOR_REPLAY_FAILED");
      expect(error.meta.privilege).toBe(true);
      expect(error.message).toMatch(/permission denied|command denied/i);
      expect(error.message).toContain("point devUrl at a database it owns");
      expect(`${result.stdout}${result.stderr}`).not.toContain("ATHANOR_INTERNAL");
      expect(await server.tables(readOnly)).toBe(0);
    });

    if (dialect === "postgresql")
      test("a dev database whose public schema the role may build in but does not own: the check runs, and emptying it afterwards is a coded error naming what to do", async () => {
        const { default: postgres } = await import("postgres");
        const u = new URL(PG);
        u.pathname = `/${readOnly}`;
        const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
        await admin.unsafe(`GRANT CREATE ON SCHEMA public TO ${user}`);
        try {
          const result = await cli(["check", "--against", "migrations", "--dev-url", server.url(readOnly)]);
          expect(result.code, result.stdout).toBe(1);
          expect(result.stderr).toContain("error[ATHANOR_DEV_DATABASE_FAILED]");
          expect(result.stderr).toContain("must be owner of schema public");
          expect(result.stderr).toContain("make the role the database's owner");
          expect(result.stderr).not.toContain("ATHANOR_INTERNAL");
        } finally {
          await admin.unsafe(`DROP OWNED BY ${user}`);
          await admin.end();
        }
      });

    if (dialect === "postgresql")
      test("devUrl pglite is used only when chosen, and the major-version gap to the server is said", async () => {
        const result = await cli(["check", "--against", "migrations"], { ATHANOR_DEV_URL: "pglite" });
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain("in an in-memory PGlite");
        expect(result.stderr).toMatch(
          /in-memory PGlite \(PostgreSQL \d+\) but the server runs PostgreSQL \d+/,
        );
        expect(result.stderr).not.toContain("creating a scratch database");
      }, 300_000);
  });
}

defineRestrictedSuite("postgresql");
defineRestrictedSuite("mysql");
