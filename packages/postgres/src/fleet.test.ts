import type { Connection } from "@athanor/core";
import { describeFleetSuite } from "@athanor/core/testing";
import { afterAll } from "vitest";
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
