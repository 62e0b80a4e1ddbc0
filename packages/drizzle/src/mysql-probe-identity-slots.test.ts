import type { SchemaModel } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { planMysqlProbe } from "../../autogenerate/src/canonicalize-mysql-probe.js";
import { col, table } from "../../autogenerate/src/testing/model-builders.js";
import { canonicalizeInMysqlDatabase } from "./testing/canonicalize-in-mysql-database.js";
import { mysqlTestDatabase } from "./testing/test-databases.js";

// MySQL's probe plan gave an AUTO_INCREMENT column of a new kind its own probe table named after
// the table still being filled with plain columns, whose slots already named it: `a.x varchar`
// then read back as `b.id int AUTO_INCREMENT`. The plain columns now get their table first.
const identity = { generation: "byDefault" as const, sequence: null };
const model: SchemaModel = {
  schemas: ["app"],
  tables: [
    table("a", [col("id", "bigint", { nullable: false, identity }), col("x", "varchar(10)")], {
      schema: "app",
      primaryKey: { name: "PRIMARY", columns: ["id"] },
    }),
    table("b", [col("id", "int", { nullable: false, identity }), col("y", "text")], {
      schema: "app",
      primaryKey: { name: "PRIMARY", columns: ["id"] },
    }),
  ],
  enums: [],
  sequences: [],
};

describe("MySQL probes: an AUTO_INCREMENT column after plain ones", () => {
  test("every slot names the probe table holding its column", () => {
    const plan = planMysqlProbe(model, "scratch");
    const tables = new Map(plan.tables.map((t) => [t.name, t]));
    expect(plan.slotOf.size).toBe(model.tables.flatMap((t) => t.columns).length);
    for (const [column, [probe, name]] of plan.slotOf) {
      const read = tables.get(probe)?.columns.find((c) => c.name === name);
      expect(read?.type, column.name).toBe(column.type);
      expect(read?.identity === null, column.name).toBe(column.identity === null);
    }
  });

  let db: Awaited<ReturnType<typeof mysqlTestDatabase>>;
  beforeAll(async () => {
    db = await mysqlTestDatabase("identity_slots");
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test("on MariaDB the probes give what the full build gives", async () => {
    const canonicalize = (strategy: "probe" | "full") => canonicalizeInMysqlDatabase(db, model, strategy);
    const full = await canonicalize("full");
    await db.connection.executeScript(["DROP TABLE IF EXISTS `a`, `b`"]);
    const probed = await canonicalize("probe");
    expect(probed.tables.find((t) => t.name === "a")?.columns[1]).toMatchObject({
      name: "x",
      type: "varchar(10)",
      identity: null,
    });
    expect(probed).toEqual(full);
  });
});
