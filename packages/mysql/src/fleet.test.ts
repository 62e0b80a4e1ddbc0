import { describeFleetSuite } from "@athanor/core/testing";
import { afterAll } from "vitest";
import { mysqlDialect } from "./mysql-dialect.js";
import { type MysqlConnection, openMysqlConnection } from "./mysql-driver.js";
import { quoteIdent } from "./quote.js";
import { TEST_MYSQL_URL } from "./testing/scratch-database.js";

// Database-per-tenant on one MariaDB 10.11 server: every tenant a database, one pooled session
// visits each with USE. Tenants are named fleetmy_<pid>_*, dropped after the file: the pid keeps
// two runs of the suite on one server (two checkouts, say) out of each other's databases.
const PREFIX = `fleetmy_${process.pid}`;
let admin: MysqlConnection | undefined;
const created = new Set<string>();
afterAll(async () => {
  if (admin === undefined) return;
  for (const name of created) await admin.executeScript([`DROP DATABASE IF EXISTS ${quoteIdent(name)}`]);
  await admin.close();
});

describeFleetSuite("MariaDB 10.11 (databases on one server)", async () => {
  admin ??= await openMysqlConnection({ url: TEST_MYSQL_URL, connectTimeoutMs: 5_000 });
  const conn = admin;
  return {
    prefix: PREFIX,
    dialect: () => mysqlDialect({ url: TEST_MYSQL_URL }),
    sleepSql: (seconds) => `SELECT SLEEP(${seconds})`,
    currentTenantSql: "SELECT DATABASE() AS s",
    async createTenants(names) {
      for (const name of names) created.add(name);
      await conn.executeScript(
        names.flatMap((name) => [
          `DROP DATABASE IF EXISTS ${quoteIdent(name)}`,
          `CREATE DATABASE ${quoteIdent(name)}`,
        ]),
      );
    },
    async queryIn(tenant, sql) {
      await conn.query(`USE ${quoteIdent(tenant)}`);
      return (await conn.query<Record<string, unknown>>(sql)).rows;
    },
  };
});
