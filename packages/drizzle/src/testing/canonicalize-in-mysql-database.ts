import { canonicalizeSchemaModel } from "@athanor/autogenerate";
import type { SchemaModel } from "@athanor/core";
import { createMysqlRenderer, introspectMysql, mysqlDifferHooks, mysqlScratchArea } from "@athanor/mysql";
import type { mysqlTestDatabase } from "./test-databases.js";

/**
 * Canonicalises a MySQL model in a test database of its own, used as the scratch database.
 *
 * @example
 * ```ts
 * const canonical = await canonicalizeInMysqlDatabase(db, model, "probe");
 * ```
 */
export function canonicalizeInMysqlDatabase(
  db: Awaited<ReturnType<typeof mysqlTestDatabase>>,
  model: SchemaModel,
  strategy: "probe" | "full" = "probe",
): Promise<SchemaModel> {
  const render = createMysqlRenderer({ server: db.connection.server });
  return canonicalizeSchemaModel(model, {
    hooks: mysqlDifferHooks,
    area: mysqlScratchArea,
    scratch: db.connection,
    scratchDatabase: db.name,
    render: (op) => render(op),
    introspect: (conn, { schemas }) => introspectMysql(conn, { database: schemas[0] ?? "" }),
    strategy,
  });
}
