// Every object kind drizzle-kit manages that athanor does not yet is refused by name
// (ATHANOR_SCHEMA_OBJECT_UNSUPPORTED), never left out of the diff silently; objects marked
// `.existing()` are not managed by drizzle-kit either and pass.
import { sql } from "drizzle-orm";
import { int, mysqlTable, mysqlView } from "drizzle-orm/mysql-core";
import {
  integer,
  pgMaterializedView,
  pgPolicy,
  pgRole,
  pgSchema,
  pgTable,
  pgView,
  text,
} from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { unmanagedObjects } from "./unmanaged-objects.js";

const accounts = pgTable("accounts", { id: integer().primaryKey(), active: integer().notNull() });

function refusal(
  modules: Record<string, unknown>[],
  dialect: "postgresql" | "mysql" = "postgresql",
): unknown {
  try {
    drizzleToSchemaModel(collectDrizzleSchema(modules), { dialect, database: "app" });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("objects athanor does not manage yet", () => {
  it("names a pgView, a pgMaterializedView and one in a pgSchema", () => {
    const billing = pgSchema("billing");
    const error = refusal([
      {
        accounts,
        active: pgView("active_accounts").as((qb) => qb.select().from(accounts)),
        totals: pgMaterializedView("totals").as((qb) => qb.select().from(accounts)),
        billing,
        invoices: billing.view("open_invoices", { id: integer() }).as(sql`select 1 as id`),
      },
    ]);
    expect(error).toMatchObject({ code: "ATHANOR_SCHEMA_OBJECT_UNSUPPORTED" });
    expect((error as { meta: { objects: string[] } }).meta.objects.sort()).toEqual([
      'materialized view "public"."totals" (pgMaterializedView)',
      'view "billing"."open_invoices" (pgView)',
      'view "public"."active_accounts" (pgView)',
    ]);
    expect((error as Error).message).toContain("nothing was compared");
  });

  it("names row-level security, policies in a table and linked ones, and roles", () => {
    const admin = pgRole("admin", { createRole: true });
    const notes = pgTable("notes", { id: integer().primaryKey(), body: text() }, () => [
      pgPolicy("owner_reads", { for: "select", using: sql`true` }),
    ]).enableRLS();
    const linked = pgPolicy("linked", { for: "insert", withCheck: sql`true` }).link(accounts);
    const objects = unmanagedObjects(collectDrizzleSchema([{ accounts, notes, admin, linked }])).sort();
    expect(objects).toEqual([
      'policy "linked" on table "public"."accounts" (pgPolicy)',
      'policy "owner_reads" on table "public"."notes" (pgPolicy)',
      'role "admin" (pgRole)',
      'row-level security on table "public"."notes" (enableRLS)',
    ]);
  });

  it("names a mysqlView", () => {
    const users = mysqlTable("users", { id: int().primaryKey() });
    const error = refusal([{ users, v: mysqlView("user_ids").as((qb) => qb.select().from(users)) }], "mysql");
    expect(error).toMatchObject({
      code: "ATHANOR_SCHEMA_OBJECT_UNSUPPORTED",
      meta: { objects: ['view "user_ids" (mysqlView)'] },
    });
  });

  it("lets `.existing()` views and roles through, as drizzle-kit does", () => {
    const model = drizzleToSchemaModel(
      collectDrizzleSchema([
        {
          accounts,
          reporting: pgRole("reporting").existing(),
          legacy: pgView("legacy", { id: integer() }).existing(),
        },
      ]),
      { dialect: "postgresql" },
    );
    expect(model.tables.map((t) => t.name)).toEqual(["accounts"]);
  });
});
