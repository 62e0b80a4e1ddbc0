// drizzle-kit 1.0 MySQL snapshots (version 6, written by drizzle-kit 1.0.0-rc.5; see
// __fixtures__/drizzle-kit-1.0-mysql/README.md) get generated downgrades, as 0.31 journals do,
// views included, and a step's renames, which 1.0 records only in its SQL, are undone as
// renames. On MariaDB: the four steps' SQL applied, then each generated downgrade, leave the
// tables, columns and views each earlier snapshot describes.

import { readFileSync } from "node:fs";
import type { SchemaModel } from "@athanor/core";
import { createMysqlRenderer, introspectMysql, mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlTestDatabase, type TestDatabase } from "../testing/test-databases.js";
import { mysqlSnapshotToSchemaModel } from "./mysql-snapshot-model.js";
import { isMysqlSnapshotV6, mysqlSnapshotV6ToV5 } from "./mysql-snapshot-v6.js";
import { renamesFromStatements } from "./renames-from-sql.js";
import { type SnapshotDowngrade, snapshotDowngrade } from "./snapshot-downgrade.js";

const read = (file: string) =>
  readFileSync(new URL(`./__fixtures__/drizzle-kit-1.0-mysql/${file}`, import.meta.url), "utf8");
const snapshot = (step: string) => JSON.parse(read(`${step}_snapshot.json`));
const statements = (step: string) =>
  read(`${step}_migration.sql`)
    .split("--> statement-breakpoint")
    .filter((s) => s.trim() !== "");
const STEPS = ["a", "b", "c", "d"] as const;
const model = (step: string) => mysqlSnapshotToSchemaModel(mysqlSnapshotV6ToV5(snapshot(step)), "app");

function downgradeOf(i: number): SnapshotDowngrade {
  const step = STEPS[i] ?? "a";
  return snapshotDowngrade({
    dialect: "mysql",
    hooks: mysqlDifferHooks,
    previous: i === 0 ? null : snapshot(STEPS[i - 1] ?? "a"),
    current: snapshot(step),
    statementCount: statements(step).length,
    statements: statements(step),
  });
}

/** Tables with their columns in order, and views: what both the server and a snapshot say alike. */
const shape = (m: SchemaModel) => [
  ...m.tables.map((t) => [t.name, t.columns.map((c) => c.name)]),
  ...(m.views ?? []).map((v) => [`view ${v.name}`, v.with]),
];

describe("drizzle-kit 1.0 MySQL snapshots", () => {
  it("are recognised and read: columns, keys, indexes, checks, foreign keys", () => {
    expect(isMysqlSnapshotV6(snapshot("a"))).toBe(true);
    const users = model("b").tables.find((t) => t.name === "users");
    expect(users?.columns.map((c) => [c.name, c.type, c.nullable, c.default])).toEqual([
      ["id", "int", false, null],
      ["email", "varchar(100)", false, null],
      ["mood", "enum('sad','ok')", true, null],
      ["name", "varchar(50)", true, "'anon'"],
    ]);
    expect(users?.primaryKey).toEqual({ name: "PRIMARY", columns: ["id"] });
    expect(users?.indexes.map((i) => [i.name, i.unique])).toEqual([
      ["email_unique", true],
      ["users_name_idx", false],
    ]);
    expect(users?.checks.map((c) => c.name)).toEqual(["name_len"]);
    expect(model("b").tables.find((t) => t.name === "posts")?.foreignKeys).toEqual([
      expect.objectContaining({ columns: ["userId"], referencedTable: "users", onDelete: "cascade" }),
    ]);
  });

  it("reads renames from the step's RENAME statements, the only place 1.0 records them", () => {
    expect(snapshot("c").renames).toEqual([]);
    expect(renamesFromStatements("mysql", statements("c"))).toEqual([
      { kind: "table", from: "posts", to: "articles" },
      { kind: "column", table: "users", from: "name", to: "display_name" },
    ]);
    const down = downgradeOf(2);
    if (down.kind !== "operations") throw new Error(down.reason);
    expect(down.operations.slice(0, 2)).toEqual([
      { kind: "renameTable", table: { name: "articles" }, to: "posts" },
      { kind: "renameColumn", table: { name: "users" }, from: "display_name", to: "name" },
    ]);
    // Nothing is dropped and added; the check naming the column is written again under the old name.
    expect(down.operations.map((op) => op.kind)).not.toContain("dropColumn");
    expect(down.operations.map((op) => op.kind)).not.toContain("dropTable");
  });

  it("PostgreSQL renames are read from SQL the same way, schema-qualified or not", () => {
    expect(
      renamesFromStatements("postgresql", [
        'ALTER TABLE "posts" RENAME TO "articles";',
        'ALTER TABLE "app"."articles" RENAME COLUMN "na""me" TO "title";',
        'ALTER TABLE "articles" ADD COLUMN "x" text;',
      ]),
    ).toEqual([
      { kind: "table", from: "posts", to: "articles" },
      { kind: "column", schema: "app", table: "articles", from: 'na"me', to: "title" },
    ]);
  });

  it("a step that adds a view gets a downgrade that drops it, recording the view", () => {
    expect(downgradeOf(3)).toEqual({
      kind: "operations",
      operations: [
        {
          kind: "dropView",
          name: { name: "named_users" },
          existing: {
            definition: "select `id`, `display_name` from `users` where (`users`.`display_name` is not null)",
            with: { sql_security: "invoker" },
          },
        },
      ],
      notes: [],
      dataLoss: [],
    });
  });

  it("a version-9 or unknown 1.0 snapshot is irreversible with the reason", () => {
    const down = snapshotDowngrade({
      dialect: "postgresql",
      hooks: postgresDifferHooks,
      previous: null,
      current: { version: "9", dialect: "postgres", type: "diff", deltas: [] },
      statementCount: 1,
    });
    expect(down).toMatchObject({ kind: "irreversible", reason: expect.stringContaining('version "9"') });
  });

  describe("on MariaDB: up through every step, then each generated downgrade", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await mysqlTestDatabase("kit10");
    });
    afterAll(async () => {
      await db?.dispose();
    });

    it("leaves exactly the tables, columns and views of the previous snapshot after each downgrade", async () => {
      for (const step of STEPS) await db.connection.executeScript(statements(step));
      const live = async () => introspectMysql(db.connection);
      expect(shape(await live())).toEqual(shape(model(STEPS[STEPS.length - 1] ?? "a")));
      const render = createMysqlRenderer({ server: db.connection.server });
      for (let i = STEPS.length - 1; i >= 0; i--) {
        const down = downgradeOf(i);
        expect(down.kind, JSON.stringify(down)).toBe("operations");
        if (down.kind !== "operations") return;
        await db.connection.executeScript(down.operations.flatMap((op) => render(op)));
        const expected = i === 0 ? [] : shape(model(STEPS[i - 1] ?? "a"));
        expect(shape(await live())).toEqual(expected);
      }
    });
  });
});
