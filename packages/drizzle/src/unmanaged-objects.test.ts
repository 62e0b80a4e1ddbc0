// Views, materialized views, policies and row-level security are read into the model; what
// athanor does not manage (roles not marked `.existing()`, materialized-view storage choices,
// policies attached to no exported table) is refused by name (ATHANOR_SCHEMA_OBJECT_UNSUPPORTED),
// never left out of the diff silently.
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

describe("views, policies and row-level security in the model", () => {
  it("reads a pgView, a pgMaterializedView and one in a pgSchema, with their options", () => {
    const billing = pgSchema("billing");
    const model = drizzleToSchemaModel(
      collectDrizzleSchema([
        {
          accounts,
          active: pgView("active_accounts")
            .with({ securityBarrier: true })
            .as((qb) => qb.select().from(accounts)),
          totals: pgMaterializedView("totals")
            .with({ fillfactor: 50 })
            .as((qb) => qb.select().from(accounts)),
          billing,
          invoices: billing.view("open_invoices", { id: integer() }).as(sql`select 1 as id`),
        },
      ]),
      { dialect: "postgresql" },
    );
    expect(model.schemas).toEqual(["billing", "public"]);
    expect(model.views).toEqual([
      {
        schema: "billing",
        name: "open_invoices",
        materialized: false,
        definition: "select 1 as id",
        with: [],
      },
      {
        schema: "public",
        name: "active_accounts",
        materialized: false,
        definition: 'select "id", "active" from "accounts"',
        with: ["security_barrier=true"],
      },
      {
        schema: "public",
        name: "totals",
        materialized: true,
        definition: 'select "id", "active" from "accounts"',
        with: ["fillfactor=50"],
      },
    ]);
  });

  it("reads policies declared in a table and linked ones; a policy enables row-level security", () => {
    const notes = pgTable("notes", { id: integer().primaryKey(), body: text() }, (t) => [
      pgPolicy("owner_reads", { for: "select", using: sql`${t.id} > ${0}` }),
    ]);
    const plain = pgTable("plain", { id: integer() }).enableRLS();
    const linked = pgPolicy("linked", {
      as: "restrictive",
      for: "insert",
      to: [pgRole("app").existing(), "current_user"],
      withCheck: sql`true`,
    }).link(accounts);
    const model = drizzleToSchemaModel(collectDrizzleSchema([{ accounts, notes, plain, linked }]), {
      dialect: "postgresql",
    });
    const byName = Object.fromEntries(model.tables.map((t) => [t.name, t]));
    expect(byName.accounts).toMatchObject({
      rowLevelSecurity: true,
      policies: [
        {
          name: "linked",
          permissive: false,
          command: "insert",
          roles: ["app", "current_user"],
          using: null,
          withCheck: "true",
        },
      ],
    });
    expect(byName.notes?.policies).toEqual([
      {
        name: "owner_reads",
        permissive: true,
        command: "select",
        roles: ["public"],
        using: '"id" > 0',
        withCheck: null,
      },
    ]);
    expect(byName.plain).toMatchObject({ rowLevelSecurity: true });
    expect(byName.plain).not.toHaveProperty("policies");
  });

  it("reads a mysqlView with its options, in the connection's database", () => {
    const users = mysqlTable("users", { id: int().primaryKey() });
    const view = mysqlView("user_ids")
      .sqlSecurity("invoker")
      .as((qb) => qb.select().from(users));
    const model = drizzleToSchemaModel(collectDrizzleSchema([{ users, view }]), {
      dialect: "mysql",
      database: "app",
    });
    expect(model.views).toEqual([
      {
        schema: "app",
        name: "user_ids",
        materialized: false,
        definition: "select `id` from `users`",
        with: ["sql_security=invoker"],
      },
    ]);
  });

  it("lets `.existing()` views and roles through without managing them, as drizzle-kit does", () => {
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
    expect(model).not.toHaveProperty("views");
  });
});

describe("objects athanor does not manage", () => {
  it("names roles, materialized-view storage choices and policies on no exported table", () => {
    const other = pgTable("other", { id: integer() });
    const objects = unmanagedObjects(
      collectDrizzleSchema([
        {
          accounts,
          admin: pgRole("admin", { createRole: true }),
          totals: pgMaterializedView("totals")
            .tablespace("fast")
            .using("heap")
            .withNoData()
            .as((qb) => qb.select().from(accounts)),
          loose: pgPolicy("loose", { using: sql`true` }),
          elsewhere: pgPolicy("elsewhere", { using: sql`true` }).link(other),
        },
      ]),
    ).sort();
    expect(objects).toEqual([
      'materialized view "public"."totals" (tablespace)',
      'materialized view "public"."totals" (using)',
      'materialized view "public"."totals" (withNoData)',
      'policy "elsewhere" on table "public"."other", which the schema does not export (pgPolicy)',
      'policy "loose" linked to no table (pgPolicy)',
      'role "admin" (pgRole)',
    ]);
  });

  it("refuses them with a coded error that says nothing was compared", () => {
    const error = refusal([{ accounts, admin: pgRole("admin") }]);
    expect(error).toMatchObject({
      code: "ATHANOR_SCHEMA_OBJECT_UNSUPPORTED",
      meta: { objects: ['role "admin" (pgRole)'] },
    });
    expect((error as Error).message).toContain("nothing was compared");
  });

  it("refuses a view of the other dialect instead of leaving it out", () => {
    const users = mysqlTable("users", { id: int().primaryKey() });
    const mysqlOne = mysqlView("user_ids").as((qb) => qb.select().from(users));
    expect(refusal([{ accounts, mysqlOne }])).toMatchObject({ code: "ATHANOR_SCHEMA_INVALID" });
    const pgOne = pgView("v", { id: integer() }).as(sql`select 1 as id`);
    expect(refusal([{ users, pgOne }], "mysql")).toMatchObject({ code: "ATHANOR_SCHEMA_INVALID" });
  });
});
