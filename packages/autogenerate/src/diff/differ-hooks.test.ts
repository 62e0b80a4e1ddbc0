import { mysqlDialectModule, mysqlDifferHooks } from "@athanor/mysql";
import { postgresDialectModule, postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { col, model, table } from "../testing/model-builders.js";
import { diffSchemas } from "./diff-schemas.js";

const users = table("users", [col("id", "bigint", { nullable: false }), col("email", "text")], {
  indexes: [
    {
      name: "users_email_idx",
      unique: false,
      method: "btree",
      keys: [{ kind: "column", column: "email", order: "asc", nulls: "first", opclass: null }],
      include: [],
      where: null,
      nullsNotDistinct: false,
      with: ["fillfactor=70"],
      valid: true,
    },
  ],
});

describe("differ hooks", () => {
  it("the built-in dialect modules give their family's hooks for every flavour", () => {
    expect(postgresDialectModule.differHooks("pglite")).toBe(postgresDifferHooks);
    expect(postgresDialectModule.differHooks("postgresql")).toBe(postgresDifferHooks);
    expect(mysqlDialectModule.differHooks("mariadb")).toBe(mysqlDifferHooks);
    expect(mysqlDialectModule.differHooks("mysql")).toBe(mysqlDifferHooks);
  });

  it("the differ asks the hooks it is given, not the dialect's name", () => {
    const builtIn = diffSchemas(model([users]), model([]), { hooks: postgresDifferHooks }).operations;
    expect(builtIn.map((o) => o.kind)).toEqual(["createTable", "createIndex"]);
    expect(builtIn[1]).toMatchObject({
      keys: [{ column: "email", nulls: "first" }],
      with: { fillfactor: "70" },
    });

    const hooks = {
      ...postgresDifferHooks,
      name: "plainpg",
      indexNullsOrdering: false,
      indexStorageParameters: false,
    };
    const own = diffSchemas(model([users]), model([]), { hooks }).operations;
    expect(own.map((o) => o.kind)).toEqual(["createTable", "createIndex"]);
    expect(own[1]).toMatchObject({ keys: [{ column: "email" }] });
    expect(own[1]).not.toHaveProperty("keys.0.nulls");
    expect(own[1]).not.toHaveProperty("with");
  });

  it("writes no SQL of its own: storage parameters are data of the createIndex the dialect renders", () => {
    const hooks = { ...postgresDifferHooks, quoteIdentifier: (name: string) => `[${name}]` };
    const ops = diffSchemas(model([users]), model([]), { hooks }).operations;
    expect(ops[1]).toEqual({
      kind: "createIndex",
      name: "users_email_idx",
      table: { name: "users" },
      keys: [{ column: "email", nulls: "first" }],
      with: { fillfactor: "70" },
    });
  });
});
