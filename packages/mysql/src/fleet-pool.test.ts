import { type Connection, schemaTargets, upgradeFleet } from "@athanor/core";
import { FLEET_HISTORY, FLEET_REVISIONS } from "@athanor/core/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { mysqlDialect } from "./mysql-dialect.js";
import { type MysqlConnection, openMysqlConnection } from "./mysql-driver.js";
import { quoteIdent } from "./quote.js";
import { TEST_MYSQL_URL } from "./testing/scratch-database.js";

// A fleet's pooled session that the server ends while it waits in the pool. Tenants fleetpool_*.
const TENANTS = ["fleetpool_a", "fleetpool_b", "fleetpool_c"];
let admin: MysqlConnection;
beforeAll(async () => {
  admin = await openMysqlConnection({ url: TEST_MYSQL_URL });
  await admin.executeScript(
    TENANTS.flatMap((d) => [`DROP DATABASE IF EXISTS ${quoteIdent(d)}`, `CREATE DATABASE ${quoteIdent(d)}`]),
  );
});
afterAll(async () => {
  await admin?.executeScript(TENANTS.map((d) => `DROP DATABASE IF EXISTS ${quoteIdent(d)}`));
  await admin?.close();
});

test("a pooled session killed between two targets: the next target gets a fresh session and nothing fails", async () => {
  const base = mysqlDialect({ url: TEST_MYSQL_URL });
  let killed: number | undefined;
  // the last query a session runs before going back to the pool after a target is the check for
  // that target's last-failure table: once, the server ends that session right after it
  const dialect = Object.create(base, {
    connect: {
      value: async (): Promise<Connection> => {
        const conn = await base.connect();
        const id = Number((await conn.query<{ id: unknown }>("SELECT CONNECTION_ID() AS id")).rows[0]?.id);
        return {
          query: async (sql, params) => {
            const result = await conn.query(sql, params);
            if (killed === undefined && sql.includes("_fleet_failure")) {
              killed = id;
              await admin.query(`KILL ${id}`);
            }
            return result;
          },
          executeScript: (statements) => conn.executeScript(statements),
          close: () => conn.close(),
        } as Connection;
      },
    },
  });
  const fleet = await upgradeFleet({
    revisions: FLEET_HISTORY,
    targets: schemaTargets(dialect, TENANTS),
    concurrency: 1,
  });
  expect(killed).toBeDefined();
  expect(fleet.records.map((r) => [r.target, r.status, r.error?.code ?? null])).toEqual(
    TENANTS.map((t) => [t, "changed", null]),
  );
  for (const tenant of TENANTS)
    expect((await admin.query(`SELECT version_num FROM ${quoteIdent(tenant)}.athanor_version`)).rows).toEqual(
      [{ version_num: FLEET_REVISIONS[FLEET_REVISIONS.length - 1] }],
    );
});
