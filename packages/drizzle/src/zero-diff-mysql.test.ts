import { canonicalizeSchemaModel } from "@athanor/autogenerate";
import { type Connection, diffSchemaModels, formatSchemaDifferences, type SchemaModel } from "@athanor/core";
import { createMysqlRenderer, introspectMysql, mysqlDifferHooks, mysqlScratchArea } from "@athanor/mysql";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditModelProperties } from "./audit/index.js";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { applyStatements, kitMysqlStatements } from "./testing/drizzle-kit-oracle.js";
import * as schema from "./testing/rich-mysql-schema.js";
import { mysqlTestDatabase } from "./testing/test-databases.js";

// The zero-diff test on MariaDB 10.11: drizzle-kit's SQL for the models, introspected, equals
// our reading canonicalised through a scratch database on the same server.
describe("mysql-core schema vs drizzle-kit on MariaDB", () => {
  let live: Awaited<ReturnType<typeof mysqlTestDatabase>>;
  let liveModel: SchemaModel;
  let canonical: SchemaModel;
  let desired: SchemaModel;
  // The scratch databases this file's canonicalisation created: other files run beside this one
  // on the same server and may hold scratch databases of their own at any moment.
  const created: string[] = [];

  beforeAll(async () => {
    live = await mysqlTestDatabase("kit");
    await applyStatements(live.connection, await kitMysqlStatements(schema));
    desired = drizzleToSchemaModel(collectDrizzleSchema([schema]), {
      dialect: "mysql",
      database: live.name,
    });
    const render = createMysqlRenderer({ server: live.connection.server });
    canonical = await canonicalizeSchemaModel(desired, {
      hooks: mysqlDifferHooks,
      area: mysqlScratchArea,
      scratch: recordingCreatedDatabases(live.connection, created),
      render: (op) => render(op),
      introspect: (conn, { schemas }) => introspectMysql(conn, { database: schemas[0] ?? "" }),
    });
    liveModel = await introspectMysql(live.connection);
  });
  afterAll(async () => {
    await live?.dispose();
  });

  test("the property self-check finds nothing left uncompared", () => {
    expect(auditModelProperties(collectDrizzleSchema([schema]), desired, canonical)).toEqual([]);
  });

  test("shows no difference", () => {
    expect(formatSchemaDifferences(diffSchemaModels(liveModel, canonical))).toBe("");
  });

  test("covers the schema, in the live database's name", () => {
    expect(canonical.schemas).toEqual([live.name]);
    expect(canonical.tables.map((t) => t.name)).toEqual(["customers", "order_lines", "orders"]);
    const orders = canonical.tables.find((t) => t.name === "orders");
    expect(orders?.columns[0]).toMatchObject({
      name: "id",
      type: "bigint unsigned",
      nullable: false,
      identity: { generation: "byDefault" },
    });
    expect(orders?.foreignKeys[0]).toMatchObject({
      referencedSchema: live.name,
      referencedTable: "customers",
      onDelete: "cascade",
    });
  });

  test("drops its scratch database", async () => {
    expect(created).toHaveLength(1);
    const { rows } = await live.connection.query<{ name: string }>(
      "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name = ?",
      [created[0]],
    );
    expect(rows).toEqual([]);
  });
});

/** The connection, noting the name of every database a script it runs creates. */
function recordingCreatedDatabases(conn: Connection, created: string[]): Connection {
  return {
    query: (sql, params) => conn.query(sql, params),
    close: () => conn.close(),
    executeScript: async (statements) => {
      for (const statement of statements) {
        const name = /^CREATE DATABASE `((?:[^`]|``)+)`/.exec(statement)?.[1];
        if (name !== undefined) created.push(name.replaceAll("``", "`"));
      }
      await conn.executeScript(statements);
    },
  };
}
