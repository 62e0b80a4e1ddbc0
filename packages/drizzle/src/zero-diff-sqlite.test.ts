import { adoptConstraintNames, canonicalizeSchemaModel, materializeSchemaModel } from "@athanor/autogenerate";
import { diffSchemaModels, formatSchemaDifferences, type SchemaModel } from "@athanor/core";
import {
  introspectSqlite,
  renderSqlite,
  sqliteDifferHooks,
  sqliteMemoryDialect,
  sqliteScratchArea,
} from "@athanor/sqlite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditModelProperties } from "./audit/index.js";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { kitSqliteStatements } from "./testing/drizzle-kit-oracle.js";
import * as schema from "./testing/rich-sqlite-schema.js";

// sqlite-core models on better-sqlite3: our reading, built in an in-memory database and read back,
// equals (1) the same models created by athanor's own operations in another database and
// (2) drizzle-kit 0.31's SQL for the models, once the live side's unnamed keys take the models'
// names (SQLite constraint names are labels, see adopt-constraint-names.ts).
describe("sqlite-core schema on better-sqlite3", () => {
  const scratch = sqliteMemoryDialect();
  const applied = sqliteMemoryDialect();
  const kit = sqliteMemoryDialect();
  let desired: SchemaModel;
  let canonical: SchemaModel;
  const introspect = async (opened: typeof scratch) => introspectSqlite(await opened.dialect.connect());

  beforeAll(async () => {
    desired = drizzleToSchemaModel(collectDrizzleSchema([schema]), { dialect: "sqlite" });
    canonical = await canonicalizeSchemaModel(desired, {
      hooks: sqliteDifferHooks,
      area: sqliteScratchArea,
      scratch: await scratch.dialect.connect(),
      render: (op) => renderSqlite(op),
      introspect: (conn) => introspectSqlite(conn),
    });
  });
  afterAll(async () => {
    for (const d of [scratch, applied, kit]) await d.close();
  });

  test("the property self-check finds nothing left uncompared", () => {
    expect(auditModelProperties(collectDrizzleSchema([schema]), desired, canonical)).toEqual([]);
  });

  test("leaves the scratch database empty (built in a transaction, rolled back)", async () => {
    expect((await introspect(scratch)).tables).toEqual([]);
  });

  test("render → apply → introspect gives the canonical model exactly", async () => {
    const conn = await applied.dialect.connect();
    const statements = materializeSchemaModel(desired, { hooks: sqliteDifferHooks }).flatMap((op) => [
      ...renderSqlite(op),
    ]);
    await conn.executeScript(statements);
    expect(formatSchemaDifferences(diffSchemaModels(await introspectSqlite(conn), canonical))).toBe("");
  });

  test("drizzle-kit's SQL for the same models differs only where drizzle-kit writes a wrong default", async () => {
    const conn = await kit.dialect.connect();
    for (const statement of await kitSqliteStatements(schema))
      await conn.executeScript([statement.replace(/;\s*$/, "")]);
    const live = adoptConstraintNames(canonical, await introspectSqlite(conn));
    // drizzle-kit 0.31 writes a timestamp_ms Date default as JSON text; drizzle-orm inserts epoch ms.
    expect(formatSchemaDifferences(diffSchemaModels(live, canonical))).toBe(
      `~ table "main"."accounts" › column "seen_at" › default: "'\\"2024-01-02T00:00:00.000Z\\"'" → "${Date.UTC(2024, 0, 2)}"`,
    );
  });

  test("reads every property as SQLite keeps it", () => {
    const accounts = canonical.tables.find((t) => t.name === "accounts");
    const column = (name: string) => accounts?.columns.find((c) => c.name === name);
    expect(column("id")).toMatchObject({ type: "integer", identity: { generation: "byDefault" } });
    expect(column("active")).toMatchObject({ type: "integer", nullable: false, default: "1" });
    expect(column("created_at")?.default).toBe("unixepoch()");
    expect(column("seen_at")?.default).toBe(String(Date.UTC(2024, 0, 2)));
    expect(column("settings")?.default).toBe(`'{"theme":"dark"}'`);
    expect(column("token")?.default).toBeNull(); // $defaultFn runs in the application
    expect(column("name")?.type).toBe("text(80)");
    expect(column("rate")).toMatchObject({ type: "numeric", default: "'1.50'" });
    expect(column("email_lower")?.generated).toEqual({ expression: 'lower("email")', storage: "virtual" });
    expect(column("name_length")?.generated).toEqual({ expression: 'length("name")', storage: "stored" });
    expect(accounts?.checks).toEqual([
      { name: "accounts_balance_nonneg", expression: '"balance" >= 0', validated: true },
    ]);
    expect(accounts?.indexes.map((i) => [i.name, i.unique, i.where])).toEqual([
      ["accounts_active_name_idx", false, '"active" = 1'],
      ["accounts_email_unique", true, null],
      ["accounts_lower_email_idx", false, null],
      ["accounts_name_plan_unique", true, null],
    ]);
    const projects = canonical.tables.find((t) => t.name === "projects");
    expect(projects?.primaryKey?.columns).toEqual(["account_id", "slug"]);
    const keys = projects?.foreignKeys.map((f) => [f.columns, f.referencedTable, f.onDelete, f.onUpdate]);
    expect(keys?.sort()).toEqual([
      [["account_id"], "accounts", "cascade", "cascade"],
      [["owner_email"], "accounts", "set null", "no action"],
    ]);
    // Views keep drizzle's text exactly (values inlined, quotes doubled); `.existing()` is not managed.
    expect(canonical.views?.map((v) => [v.name, v.definition, v.with])).toEqual([
      [
        "active_accounts",
        `select "accounts"."id", "accounts"."email", count("projects"."slug") as "projects" from "accounts" left join "projects" on "projects"."account_id" = "accounts"."id" where "accounts"."active" = true and "accounts"."plan" <> 'it''s' group by "accounts"."id"`,
        [],
      ],
      ["open_tasks", `select "id", "title" from "tasks" where "done" = 0`, []],
    ]);
  });
});
