// drizzle-kit 1.0 snapshots (PostgreSQL version 8, written by drizzle-kit 1.0.0-rc.5 from two
// schemas; see __fixtures__/drizzle-kit-1.0) get generated downgrades, as 0.31 journals do: the
// inverse of each step is exactly what turns its snapshot back into the previous one.

import { readFileSync } from "node:fs";
import { diffSchemas } from "@athanor/autogenerate";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { pgSnapshotToSchemaModel } from "./pg-snapshot-model.js";
import { isPgSnapshotV8, pgSnapshotV8ToV7 } from "./pg-snapshot-v8.js";
import { snapshotDowngrade } from "./snapshot-downgrade.js";

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/drizzle-kit-1.0/${name}_snapshot.json`, import.meta.url), "utf8"),
  );
const first = fixture("a"); // enum mood; users (identity id, unique email, mood)
const second = fixture("b"); // + users.name with index and check; posts with a cascading foreign key

describe("drizzle-kit 1.0 snapshots", () => {
  it("are recognised and read into the same model a 0.31 snapshot gives", () => {
    expect(isPgSnapshotV8(first)).toBe(true);
    const model = pgSnapshotToSchemaModel(pgSnapshotV8ToV7(second));
    const users = model.tables.find((t) => t.name === "users");
    expect(users?.columns.map((c) => c.name)).toEqual(["id", "email", "mood", "name"]);
    expect(users?.primaryKey?.columns).toEqual(["id"]);
    expect(users?.indexes.map((i) => i.name)).toEqual(["users_name_idx"]);
    expect(model.enums.map((e) => e.name)).toEqual(["mood"]);
    const posts = model.tables.find((t) => t.name === "posts");
    expect(posts?.foreignKeys).toEqual([
      expect.objectContaining({ columns: ["userId"], referencedTable: "users", onDelete: "cascade" }),
    ]);
  });

  it("a step's downgrade undoes exactly what the step added", () => {
    const down = snapshotDowngrade({
      dialect: "postgresql",
      hooks: postgresDifferHooks,
      previous: first,
      current: second,
      statementCount: 5,
    });
    expect(down.kind).toBe("operations");
    if (down.kind !== "operations") return;
    const kinds = down.operations.map((op) => op.kind).sort();
    expect(kinds).toEqual(expect.arrayContaining(["dropColumn", "dropTable"]));
    // the inverse is complete: the previous model and the current model differ by nothing else
    const back = diffSchemas(
      pgSnapshotToSchemaModel(pgSnapshotV8ToV7(first)),
      pgSnapshotToSchemaModel(pgSnapshotV8ToV7(second)),
      { hooks: postgresDifferHooks, defaultSchema: "public" },
    );
    expect(down.operations).toEqual(back.operations);
  });

  it("the first step's downgrade drops everything it created", () => {
    const down = snapshotDowngrade({
      dialect: "postgresql",
      hooks: postgresDifferHooks,
      previous: null,
      current: first,
      statementCount: 3,
    });
    expect(down.kind).toBe("operations");
    if (down.kind === "operations")
      expect(down.operations.map((op) => op.kind).sort()).toEqual(["dropEnum", "dropTable"]);
  });

  it("a view or policy added in a 1.0 step is dropped by its downgrade; a role change stays irreversible", () => {
    const withView = {
      ...second,
      ddl: [
        ...second.ddl,
        { entityType: "views", schema: "public", name: "v", definition: "select 1", materialized: false },
        {
          entityType: "policies",
          schema: "public",
          table: "users",
          name: "own",
          as: "PERMISSIVE",
          for: "SELECT",
          roles: ["public"],
          using: "true",
          withCheck: null,
        },
      ],
    };
    const down = snapshotDowngrade({
      dialect: "postgresql",
      hooks: postgresDifferHooks,
      previous: second,
      current: withView,
      statementCount: 2,
    });
    expect(down).toMatchObject({
      kind: "operations",
      operations: [
        { kind: "dropView", name: { name: "v" }, existing: { definition: "select 1" } },
        {
          kind: "dropPolicy",
          name: "own",
          table: { name: "users" },
          existing: { for: "select", using: "true" },
        },
        { kind: "disableRowLevelSecurity", table: { name: "users" } },
      ],
    });
    const withRole = { ...second, ddl: [...second.ddl, { entityType: "roles", name: "app" }] };
    const role = snapshotDowngrade({
      dialect: "postgresql",
      hooks: postgresDifferHooks,
      previous: second,
      current: withRole,
      statementCount: 1,
    });
    expect(role).toMatchObject({ kind: "irreversible", reason: expect.stringContaining("roles") });
  });
});
