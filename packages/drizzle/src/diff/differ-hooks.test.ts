import { AthanorError } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { col, model, table } from "../testing/model-builders.js";
import { diffSchemas } from "./diff-schemas.js";
import { differHooksFor, mysqlDifferHooks, postgresDifferHooks } from "./differ-hooks.js";

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
  it("the built-in names map to their family's hooks", () => {
    expect(differHooksFor("pglite")).toBe(postgresDifferHooks);
    expect(differHooksFor("postgresql")).toBe(postgresDifferHooks);
    expect(differHooksFor("mariadb")).toBe(mysqlDifferHooks);
    expect(differHooksFor("mysql")).toBe(mysqlDifferHooks);
  });

  it("a name without hooks is ATHANOR_DIALECT_UNKNOWN, never diffed as MySQL", () => {
    const attempt = () => diffSchemas(model([users]), model([]), { dialect: "sqlite" as "mysql" });
    expect(attempt).toThrow(AthanorError);
    expect(attempt).toThrow(/no hooks for the dialect "sqlite"/);
    expect(() => differHooksFor("toString")).toThrow(/ATHANOR_DIALECT_UNKNOWN|no hooks/);
  });

  it("the differ asks the hooks it is given, not the dialect's name", () => {
    const builtIn = diffSchemas(model([users]), model([]), { dialect: "postgresql" }).operations;
    expect(builtIn.map((o) => o.kind)).toEqual(["createTable", "createIndex", "execute"]);
    expect(builtIn[1]).toMatchObject({ keys: [{ column: "email", nulls: "first" }] });

    const hooks = {
      ...postgresDifferHooks,
      name: "plainpg",
      indexNullsOrdering: false,
      indexStorageParameters: false,
    };
    const own = diffSchemas(model([users]), model([]), { dialect: "postgresql", hooks }).operations;
    expect(own.map((o) => o.kind)).toEqual(["createTable", "createIndex"]);
    expect(own[1]).toMatchObject({ keys: [{ column: "email" }] });
    expect(own[1]).not.toHaveProperty("keys.0.nulls");
  });

  it("quotes SQL it writes itself with the hooks' quoting", () => {
    const hooks = { ...postgresDifferHooks, quoteIdentifier: (name: string) => `[${name}]` };
    const ops = diffSchemas(model([users]), model([]), { dialect: "postgresql", hooks }).operations;
    expect(ops[2]).toMatchObject({ sql: "ALTER INDEX [users_email_idx] SET (fillfactor=70)" });
  });
});
