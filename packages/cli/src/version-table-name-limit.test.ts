import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { hasControlCharacters } from "@athanor/core/text";
import { mysqlDialect } from "@athanor/mysql";
import { postgresDialect } from "@athanor/postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresBackend } from "./testing/database-backend.js";
import { writeFleetProject } from "./testing/fleet-project.js";
import { runCli } from "./testing/harness.js";

// `versionTable.name` is checked with every name athanor derives from it when the config is read:
// PostgreSQL keeps 63 bytes of a name, MySQL/MariaDB refuse more than 64 characters, SQLite has no
// limit. Databases: one PostgreSQL database of this file (athanor_cli_names_*), MariaDB databases
// names_*; the refused commands point at a listener that counts the connections it is offered.

const MYSQL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const mysqlUrl = (database: string) => Object.assign(new URL(MYSQL), { pathname: `/${database}` }).toString();
const MARIA = ["names_main", "names_t1", "names_t2"];
/** 50 bytes: `_history` fits in 63, `_fleet_failure` (64) and its key (68) do not. */
const FIFTY = `names_${"x".repeat(44)}`;

let listener: Server;
let offered = 0;
let listenerPort = 0;
let pg: Awaited<ReturnType<typeof postgresBackend>>;
let maria: Connection;

beforeAll(async () => {
  listener = createServer((socket) => {
    offered++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  listenerPort = (listener.address() as { port: number }).port;
  pg = await postgresBackend("names");
  maria = await mysqlDialect({ url: MYSQL }).connect();
  await maria.executeScript(
    MARIA.flatMap((d) => [`DROP DATABASE IF EXISTS \`${d}\``, `CREATE DATABASE \`${d}\``]),
  );
}, 120_000);
afterAll(async () => {
  await maria?.executeScript(MARIA.map((d) => `DROP DATABASE IF EXISTS \`${d}\``));
  await maria?.close();
  await pg?.dispose();
  await new Promise((resolve) => listener?.close(resolve));
});

/** The message with the project folder (a temporary path) replaced. */
const shown = (text: string, project: string) => text.replaceAll(project, "<project>");

describe("a version table name too long for the server is refused before anything connects", () => {
  test("PostgreSQL, 50 bytes: every command that reaches the database exits 1 with ATHANOR_CONFIG_INVALID and opens no connection", async () => {
    const url = `postgres://postgres@127.0.0.1:${listenerPort}/names`;
    const project = writeFleetProject({
      url,
      schema: "schema.mjs",
      versionTable: { name: FIFTY },
      fleets: { tenants: { schemas: ["t1", "t2"] }, elsewhere: { databases: [url] } },
    });
    writeFileSync(join(project, "schema.mjs"), "export {};\n");
    const commands = [
      ["upgrade"],
      ["upgrade", "--sql"],
      ["downgrade", "base"],
      ["current"],
      ["stamp", "heads"],
      ["status"],
      ["check"],
      ["upgrade", "--fleet", "tenants"],
      ["current", "--fleet", "tenants"],
      ["status", "--fleet", "tenants"],
      ["upgrade", "--fleet", "elsewhere"],
    ];
    for (const argv of commands) {
      const result = await runCli(project, argv);
      expect({ argv, code: result.code, stdout: result.stdout }).toEqual({ argv, code: 1, stdout: "" });
      await expect(shown(result.stderr, project)).toMatchFileSnapshot(
        "./__golden__/version-table-name-too-long-postgresql.txt",
      );
    }
    const json = JSON.parse((await runCli(project, ["current", "--json"])).stdout);
    expect(json.error).toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: {
        field: "versionTable.name",
        value: FIFTY,
        limit: 63,
        unit: "bytes",
        longestFit: 45,
        tooLong: [
          { name: `${FIFTY}_fleet_failure`, length: 64 },
          { name: `${FIFTY}_fleet_failure_pkc`, length: 68 },
        ],
      },
    });
    expect(offered).toBe(0);
  }, 120_000);

  test("é is 2 bytes on PostgreSQL and 1 character on MariaDB: 46 characters pass MariaDB's check and fail PostgreSQL's", async () => {
    const name = `v${"é".repeat(45)}`; // 46 characters, 91 bytes
    const pgProject = writeFleetProject({
      url: `postgres://postgres@127.0.0.1:${listenerPort}/names`,
      versionTable: { name },
    });
    const refused = await runCli(pgProject, ["current", "--json"]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.meta).toMatchObject({ unit: "bytes", longestFit: 45 });
    const longer = writeFleetProject({ url: mysqlUrl("names_main"), versionTable: { name: `${name}é` } });
    const mysqlRefused = await runCli(longer, ["current"]);
    expect(mysqlRefused.code).toBe(1);
    await expect(shown(mysqlRefused.stderr, longer)).toMatchFileSnapshot(
      "./__golden__/version-table-name-too-long-mysql.txt",
    );
    expect(offered).toBe(0);
  }, 60_000);

  test("a hostile name is shown inert: quotes escaped, no newline or terminal escape reaches the screen", async () => {
    const name = `a"b\n\u001b[2J\u009b31m\u202e${"z".repeat(60)}`;
    const project = writeFleetProject({
      url: `postgres://postgres@127.0.0.1:${listenerPort}/names`,
      versionTable: { name },
    });
    const result = await runCli(project, ["upgrade"]);
    expect(result.code).toBe(1);
    const line = result.stderr.trimEnd();
    expect(hasControlCharacters(line)).toBe(false);
    expect(line).toContain('`versionTable.name` "a\\"b\\n\\u001b[2J\\u009b31m\\u202ezzz');
    expect(offered).toBe(0);
  }, 60_000);

  test("versionTable.schema longer than the server keeps is refused the same way", async () => {
    const project = writeFleetProject({
      url: `postgres://postgres@127.0.0.1:${listenerPort}/names`,
      versionTable: { schema: "s".repeat(64) },
    });
    const result = await runCli(project, ["current", "--json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: { field: "versionTable.schema", limit: 63, unit: "bytes" },
    });
    expect(offered).toBe(0);
  }, 60_000);
});

describe("the longest name that fits works end to end", () => {
  test("PostgreSQL, 45 bytes with é in it: upgrade makes the version, history and backfill tables, a fleet failure its table, and current and status --fleet read them", async () => {
    const name = `v${"é".repeat(20)}${"x".repeat(4)}`; // 45 bytes
    const project = writeFleetProject({
      url: pg.url,
      versionTable: { name },
      fleets: { tenants: { schemas: ["names_ok", "names_bad"] } },
    });
    const admin = await postgresDialect({ url: pg.url }).connect();
    try {
      await admin.executeScript([
        "CREATE SCHEMA names_ok",
        "CREATE SCHEMA names_bad",
        "CREATE TABLE names_bad.audit (id int PRIMARY KEY)", // r4 fails there
      ]);
      await upgradeThenFailOneTarget(project, "names_bad");
      const tables = (
        await admin.query<{ s: string; t: string }>(
          "SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('public', 'names_ok', 'names_bad') AND table_name LIKE 'v%' ORDER BY 1, 2",
        )
      ).rows.map((r) => `${r.s}.${r.t}`);
      expect(tables).toEqual(
        [
          ...["", "_backfill", "_fleet_failure", "_history"].map((s) => `names_bad.${name}${s}`),
          ...["", "_backfill", "_history"].map((s) => `names_ok.${name}${s}`),
          ...["", "_backfill", "_history"].map((s) => `public.${name}${s}`),
        ].sort(),
      );
    } finally {
      await admin.close();
    }
  }, 180_000);

  test("MariaDB, 46 characters with é in them: the same tables and Galera's lock table", async () => {
    const name = `v${"é".repeat(41)}${"x".repeat(4)}`; // 46 characters
    const project = writeFleetProject({
      url: mysqlUrl("names_main"),
      mysql: { galera: true },
      versionTable: { name },
      fleets: { tenants: { schemas: ["names_t1", "names_t2"] } },
    });
    await maria.query("CREATE TABLE names_t2.audit (id int PRIMARY KEY)");
    await upgradeThenFailOneTarget(project, "names_t2");
    const tables = (
      await maria.query<{ s: string; t: string }>(
        "SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema LIKE 'names\\_%' AND table_name LIKE 'v%'",
      )
    ).rows
      .map((r) => `${r.s}.${r.t}`)
      .sort();
    expect(tables).toEqual(
      [
        ...["", "_backfill", "_fleet_failure", "_history", "_lock"].map((s) => `names_t2.${name}${s}`),
        ...["", "_backfill", "_history", "_lock"].map((s) => `names_t1.${name}${s}`),
        ...["", "_backfill", "_history", "_lock"].map((s) => `names_main.${name}${s}`),
      ].sort(),
    );
  }, 180_000);

  test("SQLite keeps names of any length: a 200-character version table name upgrades and reads back", async () => {
    const name = `v${"é".repeat(199)}`;
    const project = writeFleetProject({ url: "file:./app.db", versionTable: { name } });
    const upgraded = await runCli(project, ["upgrade"]);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect((await runCli(project, ["current"])).stdout).toContain("r4");
  }, 60_000);
});

/**
 * Upgrades the project's own database to r4, then its fleet, where r4 fails on `failing`: the
 * failure is recorded (so its table, named after the version table, exists) and a later process reads it.
 */
async function upgradeThenFailOneTarget(project: string, failing: string): Promise<void> {
  const upgraded = await runCli(project, ["upgrade"]);
  expect(upgraded.code, upgraded.stderr).toBe(0);
  expect((await runCli(project, ["current"])).stdout).toContain("r4");
  const fleet = await runCli(project, ["upgrade", "--fleet"]);
  expect(fleet.code).toBe(1);
  const status = await runCli(project, ["status", "--fleet"]);
  expect(status.stdout).toMatch(
    new RegExp(`Last failed run[^\\n]*\\n {2}${failing}: at r4 ATHANOR_MIGRATION_FAILED `),
  );
}
