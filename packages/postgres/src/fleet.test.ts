import type { Connection } from "@athanor/core";
import { schemaTargets, upgradeFleet } from "@athanor/core";
import { describeFleetSuite, FLEET_HISTORY, FLEET_REVISIONS } from "@athanor/core/testing";
import { afterAll, expect, test } from "vitest";
import { postgresFleetHeadsSql } from "./fleet-heads.js";
import { pgliteDialect } from "./pglite-dialect.js";
import { postgresDialect } from "./postgres-dialect.js";
import { quoteIdent } from "./quote.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

// Schema-per-tenant fleets on the PostgreSQL 15 server: every tenant a schema of one database.
let db: TestServerDatabase | undefined;
let admin: Connection | undefined;
afterAll(async () => {
  await admin?.close();
  await db?.drop();
});

describeFleetSuite("PostgreSQL 15 (schemas)", async () => {
  db ??= await createTestDatabase("fleet");
  const url = db.url;
  admin ??= await postgresDialect({ url }).connect();
  const conn = admin;
  return {
    prefix: "fleetpg",
    dialect: () => postgresDialect({ url }),
    sleepSql: (seconds) => `SELECT pg_sleep(${seconds})`,
    currentTenantSql: "SELECT current_schema() AS s",
    async createTenants(names) {
      await conn.executeScript(
        names.flatMap((name) => [
          `DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`,
          `CREATE SCHEMA ${quoteIdent(name)}`,
        ]),
      );
    },
    async queryIn(tenant, sql) {
      await conn.query(`SET search_path TO ${quoteIdent(tenant)}`);
      return (await conn.query<Record<string, unknown>>(sql)).rows;
    },
  };
});

test("PGlite: a schema fleet runs one target at a time on its one session and reaches head everywhere", async () => {
  const dialect = pgliteDialect();
  const conn = await dialect.connect();
  try {
    const tenants = ["fleetlite_a", 'fleetlite_"b"', "fleetlite_c"];
    await conn.executeScript(tenants.map((t) => `CREATE SCHEMA ${quoteIdent(t)}`));
    const fleet = await upgradeFleet({
      revisions: FLEET_HISTORY,
      targets: schemaTargets(dialect, tenants),
      concurrency: 4,
    });
    expect(fleet.records.map((r) => [r.target, r.status, r.after])).toEqual(
      tenants.map((t) => [t, "changed", [FLEET_REVISIONS[FLEET_REVISIONS.length - 1]]]),
    );
    const { rows } = await conn.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quoteIdent('fleetlite_"b"')}.athanor_version_history`,
    );
    expect(rows[0]?.n).toBe(FLEET_REVISIONS.length);
  } finally {
    await conn.close();
    await dialect.close();
  }
}, 120_000);

test("one query reads every tenant's version rows: odd names quoted, empty and missing tables left out", async () => {
  db ??= await createTestDatabase("fleet");
  admin ??= await postgresDialect({ url: db.url }).connect();
  const tenants = [
    "fleetheads_a",
    'fleetheads_"b"; DROP SCHEMA x; --',
    "fleetheads_empty",
    "fleetheads_none",
  ];
  const table = (schema: string) => `${quoteIdent(schema)}.athanor_version`;
  await admin.executeScript([
    ...tenants.flatMap((t) => [
      `DROP SCHEMA IF EXISTS ${quoteIdent(t)} CASCADE`,
      `CREATE SCHEMA ${quoteIdent(t)}`,
    ]),
    ...tenants.slice(0, 3).map((t) => `CREATE TABLE ${table(t)} (version_num varchar(32) PRIMARY KEY)`),
    `INSERT INTO ${table(tenants[0] as string)} VALUES ('r1')`,
    `INSERT INTO ${table(tenants[1] as string)} VALUES ('r2'), ('b1')`,
  ]);
  const { rows } = await admin.query<{ s: string; v: string }>(
    postgresFleetHeadsSql([...tenants, "fleetheads_absent"], "athanor_version"),
  );
  expect(rows.map((r) => [r.s, r.v]).sort()).toEqual(
    [
      [tenants[0], "r1"],
      [tenants[1], "b1"],
      [tenants[1], "r2"],
    ].sort(),
  );
});
