import { sql } from "drizzle-orm";
import { int as myInt, mysqlTable, mysqlView } from "drizzle-orm/mysql-core";
import { integer, pgMaterializedView, pgTable, pgView } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { collectDrizzleSchema } from "../collect-drizzle-schema.js";
import { formatPropertyWarning } from "./property-warning.js";
import { auditViewProperties, unknownViewOptions } from "./view-property-audit.js";

const accounts = pgTable("accounts", { id: integer().primaryKey() });

describe("view options athanor does not know", () => {
  it("every option drizzle-orm 0.45 has is known", () => {
    const users = mysqlTable("users", { id: myInt().primaryKey() });
    const collected = collectDrizzleSchema([
      {
        accounts,
        v: pgView("v")
          .with({ securityBarrier: true })
          .as((qb) => qb.select().from(accounts)),
        m: pgMaterializedView("m", { n: integer() }).with({ fillfactor: 70 }).as(sql`select 1 as n`),
        users,
        my: mysqlView("my")
          .algorithm("merge")
          .sqlSecurity("invoker")
          .withCheckOption()
          .as((qb) => qb.select().from(users)),
      },
    ]);
    expect(auditViewProperties(collected)).toEqual([]);
  });

  it("an unknown one is reported by view and name, never passed over", () => {
    const [warning, ...rest] = unknownViewOptions({
      name: "v",
      schema: "app",
      query: {},
      securityLabel: "x",
    });
    expect(rest).toEqual([]);
    expect(formatPropertyWarning(warning ?? never())).toBe(
      "ATHANOR_PROPERTY_NOT_COMPARED: view app.v, property securityLabel: a view option athanor does not know, so it is not compared",
    );
    expect(unknownViewOptions({ name: "legacy", isExisting: true, securityLabel: "x" })).toEqual([]);
  });
});

function never(): never {
  throw new Error("no warning");
}
