// drizzle-kit 1.0.0-rc.5's PostgreSQL snapshots (version 9: a base, then deltas; see
// __fixtures__/drizzle-kit-1.0-pg-v9/README.md) are replayed into full snapshots, so imported
// steps get generated downgrades. On PostgreSQL 15: the three steps' SQL applied, then each
// generated downgrade, leave the tables and columns each earlier snapshot describes.

import { readFileSync } from "node:fs";
import type { SchemaModel } from "@athanor/core";
import { introspectPostgres, postgresDifferHooks, renderPostgres } from "@athanor/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresTestDatabase, type TestDatabase } from "../testing/test-databases.js";
import { pgSnapshotToSchemaModel } from "./pg-snapshot-model.js";
import { pgSnapshotV8ToV7 } from "./pg-snapshot-v8.js";
import { resolvePgSnapshotsV9 } from "./pg-snapshot-v9.js";
import { type SnapshotDowngrade, snapshotDowngrade } from "./snapshot-downgrade.js";

const read = (file: string) =>
  readFileSync(new URL(`./__fixtures__/drizzle-kit-1.0-pg-v9/${file}`, import.meta.url), "utf8");
const STEPS = ["a", "b", "c"] as const;
const statements = (step: string) =>
  read(`${step}_migration.sql`)
    .split("--> statement-breakpoint")
    .filter((s) => s.trim() !== "");
const resolved = resolvePgSnapshotsV9(STEPS.map((s) => JSON.parse(read(`${s}_snapshot.json`))));
const model = (i: number) => pgSnapshotToSchemaModel(pgSnapshotV8ToV7(resolved[i] as never));
const downgradeOf = (i: number): SnapshotDowngrade =>
  snapshotDowngrade({
    dialect: "postgresql",
    hooks: postgresDifferHooks,
    previous: i === 0 ? null : resolved[i - 1],
    current: resolved[i],
    statementCount: statements(STEPS[i] ?? "a").length,
    statements: statements(STEPS[i] ?? "a"),
  });
const shape = (m: SchemaModel) => m.tables.map((t) => [t.name, t.columns.map((c) => c.name)]);

describe("drizzle-kit 1.0 PostgreSQL snapshots, version 9", () => {
  it("replay base and deltas into full snapshots; renames carry to the rows that name them", () => {
    expect(resolved.map((s) => (s as { version: string }).version)).toEqual(["8", "8", "8"]);
    expect(shape(model(1))).toEqual([
      ["posts", ["id", "userId"]],
      ["users", ["id", "email", "mood", "name"]],
    ]);
    const articles = model(2).tables.find((t) => t.name === "articles");
    expect(articles?.foreignKeys).toEqual([
      expect.objectContaining({ columns: ["authorId"], referencedTable: "users" }),
    ]);
    expect(model(1).enums[0]?.values).toEqual(["sad", "ok", "happy"]);
  });

  it("a step's renames come back as renames", () => {
    const down = downgradeOf(2);
    if (down.kind !== "operations") throw new Error(down.reason);
    expect(down.operations).toEqual([
      { kind: "renameTable", table: { name: "articles" }, to: "posts" },
      { kind: "renameColumn", table: { name: "posts" }, from: "authorId", to: "userId" },
    ]);
  });

  it("a diff whose predecessor is missing is left unread, with its version named", () => {
    const [, lone] = resolvePgSnapshotsV9([null, JSON.parse(read("b_snapshot.json"))]);
    const down = snapshotDowngrade({
      dialect: "postgresql",
      hooks: postgresDifferHooks,
      previous: null,
      current: lone,
      statementCount: 1,
    });
    expect(down).toMatchObject({ kind: "irreversible", reason: expect.stringContaining('version "9"') });
  });

  describe("on PostgreSQL 15: up through every step, then each generated downgrade", () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await postgresTestDatabase("kit10v9");
    });
    afterAll(async () => {
      await db?.dispose();
    });

    it("leaves exactly the tables and columns of the previous snapshot after each downgrade", async () => {
      for (const step of STEPS) await db.connection.executeScript(statements(step));
      const live = async () => introspectPostgres(db.connection, { schemas: ["public"] });
      expect(shape(await live())).toEqual(shape(model(STEPS.length - 1)));
      for (let i = STEPS.length - 1; i >= 0; i--) {
        const down = downgradeOf(i);
        if (down.kind !== "operations") throw new Error(down.reason);
        await db.connection.executeScript(down.operations.flatMap((op) => renderPostgres(op)));
        expect(shape(await live())).toEqual(i === 0 ? [] : shape(model(i - 1)));
      }
    });
  });
});
