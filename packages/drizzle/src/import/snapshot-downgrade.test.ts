import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { readDrizzleKitFolder } from "./read-drizzle-kit-folder.js";
import { snapshotDowngrade } from "./snapshot-downgrade.js";

const column = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  primaryKey: false,
  notNull: false,
  ...extra,
});
function pgSnapshot(columns: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    version: "7",
    dialect: "postgresql",
    tables: {
      "public.users": {
        name: "users",
        schema: "",
        columns: { id: column("id", "serial", { primaryKey: true, notNull: true }), ...columns },
        indexes: {},
        foreignKeys: {},
        compositePrimaryKeys: {},
        uniqueConstraints: {},
        checkConstraints: {},
        policies: {},
        isRLSEnabled: false,
      },
    },
    enums: {},
    schemas: {},
    sequences: {},
    views: {},
    roles: {},
    policies: {},
    _meta: { schemas: {}, tables: {}, columns: {} },
    ...extra,
  };
}

describe("snapshotDowngrade", () => {
  it("drops what the migration added and re-creates the whole first table set", () => {
    const v1 = pgSnapshot({});
    const v2 = pgSnapshot({ email: column("email", "varchar(200)", { notNull: true }) });
    const down = snapshotDowngrade({
      dialect: "postgresql",
      hooks: postgresDifferHooks,
      previous: v1,
      current: v2,
      statementCount: 1,
    });
    expect(down.kind === "operations" && down.operations.map((o) => o.kind)).toEqual(["dropColumn"]);
    const first = snapshotDowngrade({
      dialect: "postgresql",
      hooks: postgresDifferHooks,
      previous: null,
      current: v1,
      statementCount: 1,
    });
    expect(first.kind === "operations" && first.operations.map((o) => o.kind)).toEqual(["dropTable"]);
  });

  it("reverses a rename kit recorded in _meta as a rename", () => {
    const v1 = pgSnapshot({ mail: column("mail", "text") });
    const v2 = pgSnapshot(
      { email: column("email", "text") },
      {
        _meta: {
          schemas: {},
          tables: {},
          columns: { '"public"."users"."mail"': '"public"."users"."email"' },
        },
      },
    );
    const down = snapshotDowngrade({
      dialect: "postgresql",
      hooks: postgresDifferHooks,
      previous: v1,
      current: v2,
      statementCount: 1,
    });
    expect(down).toMatchObject({
      kind: "operations",
      operations: [{ kind: "renameColumn", from: "email", to: "mail" }],
    });
  });

  it("is irreversible for hand-written SQL, views with storage options, missing and unread 1.0 snapshots, each with its reason", () => {
    const v1 = pgSnapshot({});
    const reason = (previous: unknown, current: unknown) => {
      const down = snapshotDowngrade({
        dialect: "postgresql",
        hooks: postgresDifferHooks,
        previous,
        current,
        statementCount: 1,
      });
      return down.kind === "irreversible" ? down.reason : "reversible";
    };
    expect(reason(v1, v1)).toMatch(/hand-written/);
    const stored = {
      "public.m": { name: "m", definition: "select 1", materialized: true, tablespace: "fast" },
    };
    expect(reason(v1, { ...v1, views: stored })).toMatch(/views with "public.m" tablespace/);
    expect(reason(v1, null)).toMatch(/no snapshot/);
    // 1.0 snapshots are read (pg-snapshot-v8.test.ts, mysql-snapshot-v6.test.ts); an empty MySQL
    // one with statements is hand-written SQL, and the delta format (version 9) is not read yet.
    const mysql10 = snapshotDowngrade({
      dialect: "mysql",
      hooks: mysqlDifferHooks,
      previous: null,
      current: { version: "6", dialect: "mysql", ddl: [] },
      statementCount: 1,
    });
    expect(mysql10).toMatchObject({ kind: "irreversible", reason: expect.stringMatching(/hand-written/) });
    expect(reason(v1, { version: "9", dialect: "postgres", type: "diff" })).toMatch(/1\.0 format/);
    expect(reason(v1, { ...v1, version: "6" })).toMatch(/drizzle-kit up/);
  });
});

describe("readDrizzleKitFolder", () => {
  it("reads drizzle-kit 1.0's folder-per-migration layout in name order, time from the name", () => {
    const dir = mkdtempSync(join(tmpdir(), "athanor-kit10-"));
    for (const [name, sql] of [
      ["20250102030405_second", 'ALTER TABLE "t" ADD COLUMN "c" int;'],
      ["20250101000000_first", 'CREATE TABLE "t" ("id" int);\n--> statement-breakpoint\nSELECT 1;'],
    ] as const) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, "migration.sql"), sql);
      writeFileSync(
        join(dir, name, "snapshot.json"),
        JSON.stringify({ version: "8", dialect: "postgres", ddl: [] }),
      );
    }
    const history = readDrizzleKitFolder(dir);
    expect(history.format).toBe("folders");
    expect(history.dialect).toBe("postgresql");
    expect(history.migrations.map((m) => [m.tag, m.when])).toEqual([
      ["20250101000000_first", Date.UTC(2025, 0, 1, 0, 0, 0)],
      ["20250102030405_second", Date.UTC(2025, 0, 2, 3, 4, 5)],
    ]);
    expect(history.migrations[0]?.statements).toEqual(['CREATE TABLE "t" ("id" int);\n', "\nSELECT 1;"]);
  });

  it("reports a folder that is not a drizzle-kit history with a coded error", () => {
    const dir = mkdtempSync(join(tmpdir(), "athanor-kit-empty-"));
    expect(() => readDrizzleKitFolder(dir)).toThrow(
      expect.objectContaining({ code: "ATHANOR_DRIZZLE_KIT_FOLDER_INVALID" }),
    );
    expect(() => readDrizzleKitFolder(join(dir, "missing"))).toThrow(/does not exist/);
  });

  it("refuses a journal tag that is a path, never reading SQL from outside the folder", () => {
    const root = mkdtempSync(join(tmpdir(), "athanor-kit-tag-"));
    const dir = join(root, "drizzle");
    mkdirSync(join(dir, "meta"), { recursive: true });
    writeFileSync(join(root, "outside.sql"), "DROP TABLE victim;");
    for (const tag of ["../outside", "sub/0000_x", "..\\outside", "..", "", "0000_a\u0000b"]) {
      writeFileSync(
        join(dir, "meta", "_journal.json"),
        JSON.stringify({ version: "7", dialect: "sqlite", entries: [{ idx: 0, when: 1, tag }] }),
      );
      expect(() => readDrizzleKitFolder(dir), JSON.stringify(tag)).toThrow(
        expect.objectContaining({ code: "ATHANOR_DRIZZLE_KIT_FOLDER_INVALID" }),
      );
    }
  });
});

describe("views, policies and row-level security in 0.31 snapshots", () => {
  it("the step that created them gets a downgrade that drops each, recording it", () => {
    const created = JSON.parse(
      readFileSync(new URL("./__fixtures__/drizzle-kit-0.31/views_snapshot.json", import.meta.url), "utf8"),
    );
    const down = snapshotDowngrade({
      dialect: "postgresql",
      hooks: postgresDifferHooks,
      previous: null,
      current: created,
      statementCount: 5,
    });
    if (down.kind !== "operations") throw new Error(down.reason);
    expect(down.operations.map((op) => op.kind)).toEqual([
      "dropView",
      "dropView",
      "dropPolicy",
      "disableRowLevelSecurity",
      "dropTable",
    ]);
    expect(down.operations).toContainEqual({
      kind: "dropView",
      name: { name: "active_notes" },
      existing: {
        definition: 'select "id" from "notes" where "notes"."active" = 1',
        with: { security_barrier: "true" },
      },
    });
    expect(down.operations).toContainEqual({
      kind: "dropPolicy",
      name: "own",
      table: { name: "notes" },
      existing: { for: "select", to: ["app", "current_user"], using: '"notes"."owner" = current_user' },
    });
  });
});
