import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createContext } from "../context.js";
import { withDatabaseRun } from "../database/open-database-run.js";
import { compareWithMigrations, recordedHeads } from "../drift/compare-with-migrations.js";
import { type CliResult, ok, runCli, tempDir } from "./harness.js";
import { setBody } from "./sample-database-project.js";

/** A database for the drift suite: where the CLI points, and a way to run SQL "by hand" in it. */
export interface DriftBackend {
  readonly dialect: "postgresql" | "mysql";
  env(): Record<string, string>;
  /** Runs one statement outside athanor, as someone with a SQL console in staging would. */
  exec(project: string, sql: string): Promise<void>;
  dispose(): Promise<void>;
  /** A server: `check --against migrations` replays into it as one script (not in memory). */
  readonly server: boolean;
}

const CREATE = "aa0000000001";
const ADD_NAME = "bb0000000002";

interface DriftJson {
  readonly error?: {
    readonly code: string;
    readonly meta: { readonly differences: readonly { change: string; object: string }[] };
  };
  readonly differences?: readonly unknown[];
  readonly heads?: readonly string[];
}

/**
 * The two revisions of the suite: raw SQL (`sql`, replayed on a server), or the same schema as
 * operations in the server's own spelling, as autogenerate writes them (`ops`, which the check
 * replays in memory while the database matches).
 */
function revisionBodies(dialect: DriftBackend["dialect"], bodies: "sql" | "ops") {
  if (bodies === "sql")
    return {
      create: 'op.execute("CREATE TABLE account (id int PRIMARY KEY, email varchar(100) NOT NULL)")',
      addName: 'op.execute("ALTER TABLE account ADD COLUMN name varchar(50)")',
    };
  const pg = dialect === "postgresql";
  const varchar = (n: number) => (pg ? `character varying(${n})` : `varchar(${n})`);
  return {
    create: `op.createTable("account", { columns: [{ name: "id", type: "${pg ? "integer" : "int"}", nullable: false }, { name: "email", type: "${varchar(100)}", nullable: false }], primaryKey: { name: "${pg ? "account_pkey" : "PRIMARY"}", columns: ["id"] } })`,
    addName: `op.addColumn("account", { name: "name", type: "${varchar(50)}" })`,
  };
}

/**
 * `check --against migrations` and `stamp --verify` end to end on one backend: revisions that
 * create a table and add a column, a manual ALTER TABLE "in staging" that the check must name,
 * and stamps that must be refused when wrong and accepted when right.
 */
export function defineDriftSuite(
  makeBackend: () => Promise<DriftBackend>,
  bodies: "sql" | "ops" = "sql",
): void {
  describe(`drift against migrations (${bodies === "sql" ? "raw SQL" : "operations"})`, () => {
    let backend: DriftBackend;
    let project: string;
    const cli = (...argv: string[]): Promise<CliResult> => runCli(project, argv, { env: backend.env() });
    // The default (in memory, else one script) and the one-script replay against the runner's
    // per-revision upgrade (the reference): the same differences, whatever the database holds.
    const expectSameReplays = async (expected: number) => {
      if (!backend.server) return; // an in-memory replay is always per revision
      const ctx = createContext({ cwd: project, env: backend.env(), isTTY: false, color: false }, []);
      const [byDefault, script, perRevision] = await withDatabaseRun(ctx, undefined, {}, async (run) => {
        const recorded = await recordedHeads(run);
        return [
          await compareWithMigrations(run, recorded),
          await compareWithMigrations(run, recorded, { replay: "script" }),
          await compareWithMigrations(run, recorded, { replay: "per-revision" }),
        ];
      });
      expect(byDefault.differences).toEqual(perRevision.differences);
      expect(script.replayedAs).toBe("script");
      expect(perRevision.replayedAs).toBe("per-revision");
      expect(script.differences).toEqual(perRevision.differences);
      expect(script.heads).toEqual(perRevision.heads);
      expect(script.differences).toHaveLength(expected);
    };
    const heads = async () =>
      (JSON.parse((await cli("current", "--json")).stdout) as { heads: string[] }).heads;

    beforeAll(async () => {
      backend = await makeBackend();
      project = tempDir("athanor-drift-");
      await ok(project, ["init", "--dialect", backend.dialect]);
      await ok(project, ["revision", "-m", "create account", "--rev-id", CREATE]);
      await ok(project, ["revision", "-m", "add name", "--rev-id", ADD_NAME]);
      const body = revisionBodies(backend.dialect, bodies);
      setBody(project, CREATE, body.create, 'op.execute("DROP TABLE account")');
      setBody(project, ADD_NAME, body.addName, 'op.execute("ALTER TABLE account DROP COLUMN name")');
      const up = await cli("upgrade");
      expect(up.code, up.stderr).toBe(0);
    });
    afterAll(async () => backend?.dispose());

    test("a database changed only by its revisions shows no drift", async () => {
      const check = await cli("check", "--against", "migrations");
      expect(check.code, check.stderr).toBe(0);
      expect(check.stdout).toMatch(
        /^No drift: .* matches the schema its revisions build \(replayed up to bb0000000002 in /,
      );
      // operations in the server's spelling need no scratch database; raw SQL does
      if (backend.server) expect(check.stdout.includes("in memory")).toBe(bodies === "ops");
      const json = JSON.parse((await cli("check", "--against", "migrations", "--json")).stdout) as DriftJson;
      expect(json).toMatchObject({ heads: [ADD_NAME], differences: [] });
      await expectSameReplays(0);
    });

    test("a manual ALTER TABLE in staging is detected and named", async () => {
      await backend.exec(project, "ALTER TABLE account ADD COLUMN nickname varchar(20)");
      try {
        const check = await cli("check", "--against", "migrations");
        expect(check.code).toBe(1);
        expect(check.stdout).toContain("1 difference between");
        expect(check.stdout).toMatch(/\+ table (".*"\.)?"account" › column "nickname"/);
        expect(check.stderr).toContain("error[ATHANOR_MIGRATION_DRIFT]");
        await expectSameReplays(1);
        const json = JSON.parse(
          (await cli("check", "--against", "migrations", "--json")).stdout,
        ) as DriftJson;
        expect(json.error?.code).toBe("ATHANOR_MIGRATION_DRIFT");
        expect(json.error?.meta.differences).toEqual([
          expect.objectContaining({ change: "added", object: expect.stringContaining('column "nickname"') }),
        ]);
      } finally {
        await backend.exec(project, "ALTER TABLE account DROP COLUMN nickname");
      }
      expect((await cli("check", "--against", "migrations")).code).toBe(0);
    });

    test("a column changed by hand is reported with both sides", async () => {
      const widen =
        backend.dialect === "mysql"
          ? "ALTER TABLE account MODIFY email varchar(200) NOT NULL"
          : "ALTER TABLE account ALTER COLUMN email TYPE varchar(200)";
      const back =
        backend.dialect === "mysql"
          ? "ALTER TABLE account MODIFY email varchar(100) NOT NULL"
          : "ALTER TABLE account ALTER COLUMN email TYPE varchar(100)";
      await backend.exec(project, widen);
      try {
        const check = await cli("check", "--against", "migrations");
        expect(check.code).toBe(1);
        expect(check.stdout).toMatch(
          /~ table (".*"\.)?"account" › column "email" › type: ".*100\)" → ".*200\)"/,
        );
      } finally {
        await backend.exec(project, back);
      }
    });

    test("stamp --verify refuses a wrong stamp and accepts the right one", async () => {
      // An adopted database: the schema of both revisions, an empty version table.
      await backend.exec(project, "DELETE FROM athanor_version");
      expect(await heads()).toEqual([]);
      const wrong = await cli("stamp", CREATE, "--verify");
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain("error[ATHANOR_STAMP_MISMATCH]");
      expect(wrong.stdout).toMatch(
        /- table (".*"\.)?"account" › column "name"|\+ table (".*"\.)?"account" › column "name"/,
      );
      expect(await heads()).toEqual([]);
      const wrongJson = JSON.parse((await cli("stamp", CREATE, "--verify", "--json")).stdout) as DriftJson;
      expect(wrongJson.error?.code).toBe("ATHANOR_STAMP_MISMATCH");
      expect(await heads()).toEqual([]);

      const right = await cli("stamp", ADD_NAME, "--verify");
      expect(right.code, right.stderr).toBe(0);
      expect(right.stdout).toContain("No drift");
      expect(right.stdout).toContain("Stamped: the version table now says bb0000000002");
      expect(await heads()).toEqual([ADD_NAME]);
    });
  });
}

/** A MariaDB/MySQL database of its own on the test server; fails (never skips) when it is down. */
export async function mysqlDriftBackend(prefix: string): Promise<DriftBackend> {
  const { createRequire } = await import("node:module");
  const server = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
  // mysql2 is the peer of @athanor/mysql, not a dependency of the CLI: resolve it from there.
  const mysql = createRequire(createRequire(import.meta.url).resolve("@athanor/mysql"))("mysql2/promise") as {
    createConnection(url: string): Promise<{ query(sql: string): Promise<unknown>; end(): Promise<void> }>;
  };
  const name = `athanor_cli_${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (url: string, sql: string) => {
    const conn = await mysql.createConnection(url);
    try {
      await conn.query(sql);
    } finally {
      await conn.end();
    }
  };
  await run(server, `CREATE DATABASE \`${name}\``);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    dialect: "mysql",
    env: () => ({ DATABASE_URL: url.toString() }),
    exec: (_project, sql) => run(url.toString(), sql),
    dispose: () => run(server, `DROP DATABASE IF EXISTS \`${name}\``),
    server: true,
  };
}
