import { type Operation, reverseAll, type SchemaModel } from "@athanor/core";
import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { col, columnIndex, fk, model, serialSequence, table } from "../testing/model-builders.js";
import { diffSchemas } from "./diff-schemas.js";
import { parseRenameHint } from "./renames.js";

/** `name` keyed by a serial `id` (its sequence `<name>_id_seq`) and `orders` referencing it, as PostgreSQL reads them. */
function referencedSerial(name: string, fkName = "orders_owner_fk"): SchemaModel {
  const owner = table(name, [
    col("id", "integer", { nullable: false, default: `nextval('${name}_id_seq'::regclass)` }),
    col("email", "text"),
  ]);
  const orders = table("orders", [col("id", "integer", { nullable: false }), col("owner_id", "integer")], {
    foreignKeys: [fk(fkName, ["owner_id"], name)],
  });
  return model([orders, owner], { sequences: [serialSequence(`${name}_id_seq`, name)] });
}

const rename = (hooks = postgresDifferHooks, fkName?: string) =>
  diffSchemas(referencedSerial("accounts", fkName), referencedSerial("users"), {
    hooks,
    renames: [parseRenameHint("users:accounts")],
  }).operations;

describe("renames in place after a table rename (PostgreSQL)", () => {
  it("renames the serial sequence and the key instead of dropping the key and pointing the default at a missing sequence", () => {
    const ops = rename();
    expect(ops).toEqual([
      { kind: "renameSequence", name: { name: "users_id_seq" }, to: "accounts_id_seq" },
      { kind: "renameTable", table: { name: "users" }, to: "accounts" },
      { kind: "renameConstraint", table: { name: "accounts" }, from: "users_pkey", to: "accounts_pkey" },
    ]);
    // the downgrade undoes them in the opposite order, by the names they have then
    expect(reverseAll(ops)).toEqual([
      { kind: "renameConstraint", table: { name: "accounts" }, from: "accounts_pkey", to: "users_pkey" },
      { kind: "renameTable", table: { name: "accounts" }, to: "users" },
      { kind: "renameSequence", name: { name: "accounts_id_seq" }, to: "users_id_seq" },
    ]);
  });

  it("renames a foreign key named after the referenced table", () => {
    const ops = diffSchemas(
      referencedSerial("accounts", "orders_owner_id_accounts_id_fk"),
      referencedSerial("users", "orders_owner_id_users_id_fk"),
      { hooks: postgresDifferHooks, renames: [parseRenameHint("users:accounts")] },
    ).operations;
    expect(ops).toContainEqual({
      kind: "renameConstraint",
      table: { name: "orders" },
      from: "orders_owner_id_users_id_fk",
      to: "orders_owner_id_accounts_id_fk",
    });
    expect(ops.map((o) => o.kind)).not.toContain("dropConstraint");
  });

  it("drops and adds a constraint whose definition changed, and one whose new name another relation holds", () => {
    const before = model([
      table("t", [col("id", "integer", { nullable: false }), col("q", "integer")], {
        checks: [{ name: "t_q_check", expression: "(q > 0)", validated: true }],
      }),
    ]);
    const other = (checkName: string, expression: string) =>
      model([
        table("t", [col("id", "integer", { nullable: false }), col("q", "integer")], {
          checks: [{ name: checkName, expression, validated: true }],
        }),
      ]);
    const kinds = (ops: readonly Operation[]) => ops.map((o) => o.kind);
    expect(
      kinds(diffSchemas(other("t_q_positive", "(q > 0)"), before, { hooks: postgresDifferHooks }).operations),
    ).toEqual(["renameConstraint"]);
    expect(
      kinds(diffSchemas(other("t_q_positive", "(q > 1)"), before, { hooks: postgresDifferHooks }).operations),
    ).toEqual(["dropConstraint", "addCheck"]);
    // the key's index would take the name of an index another table holds
    const taken = (pk: string, indexOwner: string) =>
      model([
        table("t", [col("id", "integer", { nullable: false })], {
          primaryKey: { name: pk, columns: ["id"] },
        }),
        table(indexOwner, [col("id", "integer", { nullable: false })], {
          indexes: [
            {
              name: "t_key",
              unique: false,
              method: "btree",
              keys: [{ kind: "column", column: "id", order: "asc", nulls: "last", opclass: null }],
              include: [],
              where: null,
              nullsNotDistinct: false,
              with: [],
              valid: true,
            },
          ],
        }),
      ]);
    expect(
      kinds(
        diffSchemas(taken("t_key", "u"), taken("t_pkey", "u"), { hooks: postgresDifferHooks }).operations,
      ),
    ).toEqual(["dropConstraint", "addPrimaryKey"]);
  });

  it("is PostgreSQL's: a dialect without renamesInPlace drops and adds", () => {
    const kinds = rename({ ...postgresDifferHooks, renamesInPlace: undefined }).map((o) => o.kind);
    expect(kinds).not.toContain("renameConstraint");
    expect(kinds).not.toContain("renameSequence");
    expect(mysqlDifferHooks.renamesInPlace).toBeUndefined();
  });
});

describe("indexes renamed in place (PostgreSQL and MySQL)", () => {
  /** `t` with the unique index `name` on `email`, and the plain index `t_name_idx`. */
  const withIndex = (name: string, tableName = "t", unique = true) =>
    model([
      table(
        tableName,
        [col("id", "integer", { nullable: false }), col("email", "text"), col("name", "text")],
        {
          indexes: [{ ...columnIndex(name, "email"), unique }, columnIndex(`${tableName}_name_idx`, "name")],
        },
      ),
    ]);
  const kinds = (ops: readonly Operation[]) => ops.map((o) => o.kind);

  it.each([
    ["PostgreSQL", postgresDifferHooks],
    ["MySQL", mysqlDifferHooks],
  ] as const)(
    "%s: an index renamed in the models is renamed, not dropped and built again; the downgrade renames it back",
    (_, hooks) => {
      const ops = diffSchemas(withIndex("t_email_key"), withIndex("t_email_idx"), { hooks }).operations;
      expect(ops).toEqual([
        { kind: "renameIndex", table: { name: "t" }, from: "t_email_idx", to: "t_email_key" },
      ]);
      expect(reverseAll(ops)).toEqual([
        { kind: "renameIndex", table: { name: "t" }, from: "t_email_key", to: "t_email_idx" },
      ]);
    },
  );

  it("follows a table rename: the indexes named after the old table take the new name", () => {
    const ops = diffSchemas(
      withIndex("accounts_email_uidx", "accounts"),
      withIndex("users_email_uidx", "users"),
      {
        hooks: postgresDifferHooks,
        renames: [parseRenameHint("users:accounts")],
      },
    ).operations;
    expect(ops).toEqual([
      { kind: "renameTable", table: { name: "users" }, to: "accounts" },
      {
        kind: "renameIndex",
        table: { name: "accounts" },
        from: "users_email_uidx",
        to: "accounts_email_uidx",
      },
      { kind: "renameIndex", table: { name: "accounts" }, from: "users_name_idx", to: "accounts_name_idx" },
      { kind: "renameConstraint", table: { name: "accounts" }, from: "users_pkey", to: "accounts_pkey" },
    ]);
  });

  it("drops and creates an index whose definition changed too, or whose new name another relation holds", () => {
    expect(
      kinds(
        diffSchemas(withIndex("t_email_key", "t", false), withIndex("t_email_idx"), {
          hooks: postgresDifferHooks,
        }).operations,
      ),
    ).toEqual(["dropIndex", "createIndex"]);
    const taken = (index: string) =>
      model([
        ...withIndex(index).tables,
        table("u", [col("id", "integer", { nullable: false })], {
          indexes: [columnIndex("t_email_key", "id")],
        }),
      ]);
    expect(
      kinds(
        diffSchemas(taken("t_email_key"), taken("t_email_idx"), { hooks: postgresDifferHooks }).operations,
      ),
    ).toEqual(
      // the name is the other table's: the models are wrong, and the server says so when the index is created
      ["dropIndex", "createIndex"],
    );
  });

  it("is the dialect's: one without renamesIndexes drops and creates", () => {
    const hooks = { ...postgresDifferHooks, renamesIndexes: undefined };
    expect(
      kinds(diffSchemas(withIndex("t_email_key"), withIndex("t_email_idx"), { hooks }).operations),
    ).toEqual(["dropIndex", "createIndex"]);
  });
});
