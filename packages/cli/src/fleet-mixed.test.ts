import type { Connection } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { afterAll, beforeAll, expect, test } from "vitest";
import { postgresBackend } from "./testing/database-backend.js";
import { writeFleetProject } from "./testing/fleet-project.js";
import { runCli } from "./testing/harness.js";

// Fleets across servers: databases on MariaDB 10.11 (one server, USE per tenant) and a
// database-per-tenant fleet mixing a PostgreSQL 15 database with MariaDB ones. Names: fleetmix_*.
const MYSQL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const mysqlUrl = (database: string) => {
  const url = new URL(MYSQL);
  url.pathname = `/${database}`;
  return url.toString();
};
const MARIA = ["fleetmix_a", "fleetmix_b", "fleetmix_s1", "fleetmix_s2", "fleetmix_s3"];
let maria: Connection;
let pg: Awaited<ReturnType<typeof postgresBackend>>;

beforeAll(async () => {
  maria = await mysqlDialect({ url: MYSQL }).connect();
  await maria.executeScript(
    MARIA.flatMap((d) => [`DROP DATABASE IF EXISTS \`${d}\``, `CREATE DATABASE \`${d}\``]),
  );
  pg = await postgresBackend("fleetmix");
}, 120_000);
afterAll(async () => {
  await maria?.executeScript(MARIA.map((d) => `DROP DATABASE IF EXISTS \`${d}\``));
  await maria?.close();
  await pg?.dispose();
});

test("MariaDB databases on one server, then one fleet mixing a PostgreSQL and two MariaDB databases", async () => {
  const project = writeFleetProject({
    url: pg.url,
    fleets: {
      maria: {
        url: MYSQL,
        schemas: {
          query:
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'fleetmix\\_s%' ORDER BY 1",
        },
      },
      mixed: {
        databases: [pg.url, { name: "maria-a", url: mysqlUrl("fleetmix_a") }, mysqlUrl("fleetmix_b")],
      },
    },
  });
  const schemas = await runCli(project, ["upgrade", "--fleet", "maria", "--concurrency", "2", "--json"]);
  expect(schemas.code, schemas.stderr).toBe(0);
  expect(
    JSON.parse(schemas.stdout).records.map((r: { target: string; after: string[] }) => [r.target, r.after]),
  ).toEqual([
    ["fleetmix_s1", ["r4"]],
    ["fleetmix_s2", ["r4"]],
    ["fleetmix_s3", ["r4"]],
  ]);
  const [row] = (await maria.query("SELECT email_lower FROM fleetmix_s2.users WHERE id = 1")).rows;
  expect(row).toEqual({ email_lower: "a@example.com" });

  const mixed = await runCli(project, ["upgrade", "--fleet", "mixed", "--json"]);
  expect(mixed.code, mixed.stderr).toBe(0);
  const records = JSON.parse(mixed.stdout).records as { target: string; status: string }[];
  expect(records.map((r) => r.status)).toEqual(["changed", "changed", "changed"]);
  // a bare URL is named host:port/database, never with its credentials
  expect(records.map((r) => r.target)).toEqual([
    `${new URL(pg.url).hostname}:${new URL(pg.url).port}${new URL(pg.url).pathname}`,
    "maria-a",
    "127.0.0.1:3306/fleetmix_b",
  ]);
  expect(await pg.query(project, "SELECT version_num FROM athanor_version")).toEqual([{ version_num: "r4" }]);
  const status = await runCli(project, ["status", "--fleet", "mixed", "--json"]);
  expect(JSON.parse(status.stdout)).toMatchObject({
    fleet: "mixed",
    targets: 3,
    revisions: [{ heads: ["r4"], count: 3, atHead: true }],
  });
}, 240_000);
