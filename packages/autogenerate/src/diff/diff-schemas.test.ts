import { type Operation, operations, reverseAll, type SchemaModel } from "@athanor/core";
import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import { col, fk, model, serialSequence, table } from "../testing/model-builders.js";
import { diffSchemas } from "./diff-schemas.js";
import { parseRenameHint } from "./renames.js";

const id = col("id", "bigint", { nullable: false });
const users = table("users", [id, col("email", "text", { nullable: false })]);
const orders = table("orders", [id, col("user_id", "bigint")], {
  foreignKeys: [fk("orders_user_id_fk", ["user_id"], "users")],
  indexes: [
    {
      name: "orders_user_idx",
      unique: false,
      method: "btree",
      keys: [{ kind: "column", column: "user_id", order: "desc", nulls: "first", opclass: null }],
      include: [],
      where: null,
      nullsNotDistinct: false,
      with: [],
      valid: true,
    },
  ],
});

const kinds = (ops: readonly Operation[]) => ops.map((o) => o.kind);

describe("diffSchemas", () => {
  it("creates referenced tables first with foreign keys inline, then their indexes", () => {
    const { operations, dataLoss } = diffSchemas(model([orders, users]), model([]), {
      hooks: postgresDifferHooks,
    });
    expect(kinds(operations)).toEqual(["createTable", "createTable", "createIndex"]);
    expect(operations[0]).toMatchObject({ table: { name: "users" } });
    expect(operations[1]).toMatchObject({
      table: { name: "orders" },
      foreignKeys: [
        { name: "orders_user_id_fk", onDelete: "cascade", references: { table: { name: "users" } } },
      ],
    });
    // desc with nulls first is PostgreSQL's default for a descending key: not written.
    expect(operations[2]).toMatchObject({ keys: [{ column: "user_id", order: "desc" }] });
    expect(operations[2]).not.toHaveProperty("keys.0.nulls");
    expect(dataLoss).toEqual([]);
  });

  it("drops tables referencing-first with their indexes, and the downgrade rebuilds them", () => {
    const { operations, dataLoss } = diffSchemas(model([]), model([orders, users]), {
      hooks: postgresDifferHooks,
    });
    expect(kinds(operations)).toEqual(["dropIndex", "dropTable", "dropTable"]);
    expect(operations[1]).toMatchObject({ table: { name: "orders" } });
    expect(dataLoss.map((d) => d.target)).toEqual(["orders", "users"]);
    const down = reverseAll(operations);
    expect(kinds(down)).toEqual(["createTable", "createTable", "createIndex"]);
    expect(down[0]).toMatchObject({ table: { name: "users" } });
  });

  it("defers the foreign keys of a reference cycle", () => {
    const a = table("a", [id, col("b_id", "bigint")], { foreignKeys: [fk("a_b_fk", ["b_id"], "b")] });
    const b = table("b", [id, col("a_id", "bigint")], { foreignKeys: [fk("b_a_fk", ["a_id"], "a")] });
    const up = diffSchemas(model([a, b]), model([]), { hooks: postgresDifferHooks }).operations;
    expect(kinds(up)).toEqual(["createTable", "createTable", "addForeignKey"]);
    const down = diffSchemas(model([]), model([a, b]), { hooks: postgresDifferHooks }).operations;
    expect(kinds(down)).toEqual(["dropConstraint", "dropTable", "dropTable"]);
  });

  it("alters a column with a USING cast and the old state recorded", () => {
    const before = model([table("t", [id, col("v", "text")])]);
    const after = model([table("t", [id, col("v", "integer", { nullable: false, default: "0" })])]);
    const { operations, dataLoss } = diffSchemas(after, before, { hooks: postgresDifferHooks });
    expect(operations).toEqual([
      {
        kind: "alterColumn",
        table: { name: "t" },
        column: "v",
        type: "integer",
        using: '"v"::integer',
        nullable: false,
        default: "0",
        existingType: "text",
        reverseUsing: '"v"::text',
        existingNullable: true,
        existingDefault: null,
      },
    ]);
    expect(dataLoss).toHaveLength(1);
    expect(dataLoss[0]?.reason).toMatch(/from text to integer/);
  });

  it("does not flag a widening type change, and writes no USING on MySQL", () => {
    const before = model([table("t", [id, col("v", "varchar(20)")])], { schemas: ["app"] });
    const after = model([table("t", [id, col("v", "varchar(40)")])], { schemas: ["app"] });
    const retag = (m: SchemaModel): SchemaModel => ({
      ...m,
      tables: m.tables.map((t) => ({ ...t, schema: "app" })),
    });
    const result = diffSchemas(retag(after), retag(before), { hooks: mysqlDifferHooks });
    expect(result.operations).toEqual([
      {
        kind: "alterColumn",
        table: { name: "t" },
        column: "v",
        type: "varchar(40)",
        existingType: "varchar(20)",
      },
    ]);
    expect(result.dataLoss).toEqual([]);
  });

  it("records where a dropped column stood where the dialect places columns, so the downgrade puts it back", () => {
    const cols = ["a", "b", "c", "d"].map((n) => col(n, "int"));
    const retag = (m: SchemaModel): SchemaModel => ({
      ...m,
      tables: m.tables.map((t) => ({ ...t, schema: "app" })),
    });
    const before = retag(model([table("t", [id, ...cols])], { schemas: ["app"] }));
    // b and c side by side, and the first column: each named by a neighbour the downgrade finds
    const after = retag(
      model(
        [
          table(
            "t",
            [cols[0], cols[3]].filter((c) => c !== undefined),
          ),
        ],
        { schemas: ["app"] },
      ),
    );
    const mysql = diffSchemas(after, before, { hooks: mysqlDifferHooks }).operations.filter(
      (o) => o.kind === "dropColumn",
    );
    expect(mysql.map((o) => (o.kind === "dropColumn" ? [o.column, o.existingPosition] : o.kind))).toEqual([
      ["id", { first: true }],
      ["b", { after: "a" }],
      ["c", { after: "a" }],
    ]);
    // reversed right to left: c after a, then b after a, then id first → id, a, b, c, d
    const down = reverseAll(mysql);
    expect(down.map((o) => (o.kind === "addColumn" ? [o.column.name, o.position] : o.kind))).toEqual([
      ["c", { after: "a" }],
      ["b", { after: "a" }],
      ["id", { first: true }],
    ]);
    // PostgreSQL adds every column last: nothing recorded, nothing its renderer would refuse
    const pg = diffSchemas(model([table("t", [id, cols[0] ?? id])]), model([table("t", [id, ...cols])]), {
      hooks: postgresDifferHooks,
    }).operations;
    expect(pg.filter((o) => o.kind === "dropColumn" && o.existingPosition !== undefined)).toEqual([]);
  });

  it("reports a rename candidate and renames only with a hint", () => {
    const before = model([table("users", [id, col("mail", "text")])]);
    const after = model([table("users", [id, col("email", "text")])]);
    const guessed = diffSchemas(after, before, { hooks: postgresDifferHooks });
    expect(kinds(guessed.operations)).toEqual(["addColumn", "dropColumn"]);
    expect(guessed.renameCandidates).toEqual([
      {
        kind: "column",
        schema: "public",
        table: "users",
        from: "mail",
        to: "email",
        hint: "users.mail:email",
      },
    ]);
    const hinted = diffSchemas(after, before, {
      hooks: postgresDifferHooks,
      renames: [parseRenameHint("users.mail:email")],
    });
    expect(hinted.operations).toEqual([
      { kind: "renameColumn", table: { name: "users" }, from: "mail", to: "email" },
    ]);
    expect(hinted.renameCandidates).toEqual([]);
    const asked = diffSchemas(after, before, {
      hooks: postgresDifferHooks,
      resolveRename: (c) => c.to === "email",
    });
    expect(kinds(asked.operations)).toEqual(["renameColumn"]);
  });

  it("renames an enum type and an enum value by hint, columns and defaults following", () => {
    const withMood = (name: string, values: string[], fallback: string) =>
      model([table("diary", [id, col("mood", name, { default: `'${fallback}'::${name}` })])], {
        enums: [{ schema: "public", name, values }],
      });
    const before = withMood("mood", ["sad", "happy"], "sad");
    const typeHint = parseRenameHint("enum:mood:feeling");
    expect(typeHint).toEqual({ kind: "enum", from: "mood", to: "feeling" });
    const renamed = diffSchemas(withMood("feeling", ["sad", "happy"], "sad"), before, {
      hooks: postgresDifferHooks,
      renames: [typeHint],
    });
    expect(renamed.operations).toEqual([operations.renameEnum("mood", "feeling")]);
    const valueHint = parseRenameHint("enum-value:mood.sad:blue");
    expect(valueHint).toEqual({ kind: "enum-value", enum: "mood", from: "sad", to: "blue" });
    const relabelled = diffSchemas(withMood("mood", ["blue", "happy"], "blue"), before, {
      hooks: postgresDifferHooks,
      renames: [valueHint],
    });
    expect(relabelled.operations).toEqual([
      { kind: "renameEnumValue", name: { name: "mood" }, from: "sad", to: "blue" },
    ]);
    expect(reverseAll(relabelled.operations)).toEqual([
      { kind: "renameEnumValue", name: { name: "mood" }, from: "blue", to: "sad" },
    ]);
    // Without a hint the type rename stays create + retype + drop, with a note naming the hint.
    const unhinted = diffSchemas(withMood("feeling", ["sad", "happy"], "sad"), before, {
      hooks: postgresDifferHooks,
    });
    expect(kinds(unhinted.operations)).toEqual(["createEnum", "alterColumn", "dropEnum"]);
    expect(unhinted.notes.join("\n")).toContain("pass --rename enum:mood:feeling");
    expect(unhinted.renameCandidates).toEqual([]);
    // Without a hint the value rename stays a rebuild (rows holding "sad" make it fail clearly).
    expect(
      kinds(
        diffSchemas(withMood("mood", ["blue", "happy"], "blue"), before, { hooks: postgresDifferHooks })
          .operations,
      ),
    ).toContain("rebuildEnum");
    expect(parseRenameHint("enum-value:shop.status.draft:pending")).toEqual({
      kind: "enum-value",
      schema: "shop",
      enum: "status",
      from: "draft",
      to: "pending",
    });
    expect(() =>
      diffSchemas(before, before, {
        hooks: postgresDifferHooks,
        renames: [parseRenameHint("enum:mood:feeling")],
      }),
    ).toThrow(expect.objectContaining({ code: "ATHANOR_RENAME_HINT_INVALID" }));
    expect(() =>
      diffSchemas(withMood("mood", ["blue", "happy"], "blue"), before, {
        hooks: mysqlDifferHooks,
        renames: [valueHint],
      }),
    ).toThrow(expect.objectContaining({ code: "ATHANOR_RENAME_HINT_INVALID" }));
    for (const bad of ["enum:a.b.c:d", "enum-value:mood:x", "enum:mood:"])
      expect(() => parseRenameHint(bad)).toThrow(expect.objectContaining({ code: "ATHANOR_USAGE" }));
  });

  it("renames a table by hint and rejects a hint that does not apply", () => {
    const before = model([table("people", [id])]);
    const after = model([table("users", [id])], {});
    const renamedPk = model([table("users", [id], { primaryKey: { name: "people_pkey", columns: ["id"] } })]);
    const result = diffSchemas(renamedPk, before, {
      hooks: postgresDifferHooks,
      renames: [parseRenameHint("people:users")],
    });
    expect(result.operations).toEqual([{ kind: "renameTable", table: { name: "people" }, to: "users" }]);
    // The primary key keeps its old name in the database, so a model naming it after the new table renames it.
    const renamedAll = diffSchemas(after, before, {
      hooks: postgresDifferHooks,
      renames: [parseRenameHint("people:users")],
    });
    expect(renamedAll.operations).toEqual([
      { kind: "renameTable", table: { name: "people" }, to: "users" },
      { kind: "renameConstraint", table: { name: "users" }, from: "people_pkey", to: "users_pkey" },
    ]);
    expect(() =>
      diffSchemas(after, before, { hooks: postgresDifferHooks, renames: [parseRenameHint("nobody:users")] }),
    ).toThrow(expect.objectContaining({ code: "ATHANOR_RENAME_HINT_INVALID" }));
    expect(() => parseRenameHint("a:b:c")).toThrow(expect.objectContaining({ code: "ATHANOR_USAGE" }));
  });

  it("adds enum values in place and rebuilds an enum that loses a value", () => {
    const base = model([], { enums: [{ schema: "public", name: "mood", values: ["sad", "happy"] }] });
    const more = model([], {
      enums: [{ schema: "public", name: "mood", values: ["sad", "ok", "happy", "ecstatic"] }],
    });
    expect(diffSchemas(more, base, { hooks: postgresDifferHooks }).operations).toEqual([
      { kind: "addEnumValue", name: { name: "mood" }, value: "ok", after: "sad" },
      { kind: "addEnumValue", name: { name: "mood" }, value: "ecstatic" },
    ]);
    const used = model([table("t", [id, col("m", "mood", { default: "'sad'::mood" })])], {
      enums: base.enums,
    });
    const fewer = model([table("t", [id, col("m", "mood", { default: "'sad'::mood" })])], {
      enums: [{ schema: "public", name: "mood", values: ["sad"] }],
    });
    const rebuilt = diffSchemas(fewer, used, { hooks: postgresDifferHooks });
    expect(rebuilt.operations).toEqual([
      operations.rebuildEnum("mood", ["sad"], {
        existingValues: ["sad", "happy"],
        columns: [{ table: "t", column: "m", default: "'sad'::mood" }],
      }),
    ]);
    expect(rebuilt.dataLoss[0]?.reason).toMatch(/rows holding happy/);
  });

  it("creates schemas first and drops them last, outside the include filter nothing", () => {
    const audit = { ...table("events", [id]), schema: "audit" };
    const desired = model([audit], { schemas: ["audit", "public"] });
    const live = model([{ ...table("legacy", [id]), schema: "old" }], { schemas: ["old", "public"] });
    const all = diffSchemas(desired, live, { hooks: postgresDifferHooks }).operations;
    expect(kinds(all)).toEqual(["createSchema", "createTable", "dropTable", "dropSchema"]);
    expect(all[1]).toMatchObject({ table: { schema: "audit", name: "events" } });
    const filtered = diffSchemas(desired, live, {
      hooks: postgresDifferHooks,
      include: (o) => !(o.type === "schema" && o.name === "old"),
    }).operations;
    expect(kinds(filtered)).toEqual(["createSchema", "createTable"]);
  });

  it("validates a foreign key that is only NOT VALID in the database", () => {
    const live = model([
      users,
      { ...orders, foreignKeys: [{ ...fk("orders_user_id_fk", ["user_id"], "users"), validated: false }] },
    ]);
    const { operations } = diffSchemas(model([users, orders]), live, { hooks: postgresDifferHooks });
    expect(operations).toEqual([
      { kind: "validateConstraint", table: { name: "orders" }, name: "orders_user_id_fk" },
    ]);
  });

  it("writes serial columns as serial and leaves their owned sequence alone", () => {
    const t = table("t", [
      col("id", "integer", { nullable: false, default: "nextval('t_id_seq'::regclass)" }),
    ]);
    const seq = serialSequence("t_id_seq", "t");
    const { operations } = diffSchemas(model([t], { sequences: [seq] }), model([]), {
      hooks: postgresDifferHooks,
    });
    expect(operations).toEqual([
      {
        kind: "createTable",
        table: { name: "t" },
        columns: [{ name: "id", type: "serial", nullable: false }],
        primaryKey: { name: "t_pkey", columns: ["id"] },
      },
    ]);
  });

  it("alters a bigint sequence's safe options and leaves a bound from its default maximum to a note", () => {
    // drizzle's pgSequence("invoice_no", { increment: 10, maxValue: 999999 }) over one made with
    // increment 5: the live maximum is bigint's, which no JavaScript number holds, so the
    // downgrade could not restore it; the op builder refused the whole diff (ATHANOR_INVALID_OPERATION)
    const live = {
      ...serialSequence("invoice_no", "t"),
      dataType: "bigint",
      increment: "5",
      max: "9223372036854775807",
      ownedBy: null,
    };
    const want = { ...live, increment: "10", max: "999999" };
    const { operations, notes } = diffSchemas(
      model([], { sequences: [want] }),
      model([], { sequences: [live] }),
      {
        hooks: postgresDifferHooks,
      },
    );
    expect(operations).toEqual([
      {
        kind: "alterSequence",
        name: { name: "invoice_no" },
        set: { increment: 10 },
        existing: { increment: 5 },
      },
    ]);
    expect(notes).toEqual([
      expect.stringMatching(/^sequence invoice_no: maxValue changed .*alter it by hand/),
    ]);
    expect(reverseAll(operations)).toMatchObject([{ set: { increment: 5 } }]);
  });

  it("is empty for identical models and every result reverses", () => {
    const m = model([users, orders]);
    expect(diffSchemas(m, m, { hooks: postgresDifferHooks }).operations).toEqual([]);
    const changed = model([
      users,
      {
        ...orders,
        columns: [...orders.columns, col("note", "text", { comment: "why" })],
        comment: "all orders",
      },
    ]);
    const { operations } = diffSchemas(changed, m, { hooks: postgresDifferHooks });
    expect(kinds(operations)).toEqual(["addColumn", "setTableComment"]);
    expect(kinds(reverseAll(operations))).toEqual(["setTableComment", "dropColumn"]);
  });
});

describe("rename hints in a non-default schema", () => {
  const test = it;
  const lines = (schema: string, name: string, amount = "amount") =>
    model([table(name, [col("id", "integer", { nullable: false }), col(amount, "integer")], { schema })], {
      schemas: [...new Set(["public", schema])],
    });

  test("every hint the differ suggests reads back as the same rename (the --rename and TTY paths)", () => {
    const candidates = [
      ...diffSchemas(lines("billing", "invoice_items"), lines("billing", "invoice_lines"), {
        hooks: postgresDifferHooks,
      }).renameCandidates,
      ...diffSchemas(lines("billing", "t", "total"), lines("billing", "t"), { hooks: postgresDifferHooks })
        .renameCandidates,
      ...diffSchemas(lines("public", "invoice_items"), lines("public", "invoice_lines"), {
        hooks: postgresDifferHooks,
      }).renameCandidates,
      ...diffSchemas(lines("public", "t", "total"), lines("public", "t"), { hooks: postgresDifferHooks })
        .renameCandidates,
    ];
    expect(candidates.map((c) => c.hint)).toEqual([
      "table:billing.invoice_lines:invoice_items",
      "billing.t.amount:total",
      "invoice_lines:invoice_items",
      "t.amount:total",
    ]);
    const pairs: [SchemaModel, SchemaModel][] = [
      [lines("billing", "invoice_items"), lines("billing", "invoice_lines")],
      [lines("billing", "t", "total"), lines("billing", "t")],
      [lines("public", "invoice_items"), lines("public", "invoice_lines")],
      [lines("public", "t", "total"), lines("public", "t")],
    ];
    pairs.forEach(([want, have], i) => {
      const hint = candidates[i]?.hint ?? "";
      const byFlag = diffSchemas(want, have, {
        hooks: postgresDifferHooks,
        renames: [parseRenameHint(hint)],
      });
      const byPrompt = diffSchemas(want, have, { hooks: postgresDifferHooks, resolveRename: () => true });
      // (The builder names the primary key after the table, so a table rename also renames it.)
      expect(byFlag.operations[0]?.kind, hint).toBe(
        candidates[i]?.kind === "table" ? "renameTable" : "renameColumn",
      );
      expect(byFlag.operations).toEqual(byPrompt.operations);
    });
  });

  test("an untyped schema.table:new reads as a table rename when only that fits, and is refused when both fit", () => {
    const ops = diffSchemas(lines("billing", "invoice_items"), lines("billing", "invoice_lines"), {
      hooks: postgresDifferHooks,
      renames: [parseRenameHint("billing.invoice_lines:invoice_items")],
    }).operations;
    expect(ops[0]).toEqual(
      operations.renameTable({ schema: "billing", name: "invoice_lines" }, "invoice_items"),
    );
    const both = (m: SchemaModel, extra: SchemaModel) =>
      model([...m.tables, ...extra.tables], { schemas: [...new Set([...m.schemas, ...extra.schemas])] });
    const want = both(lines("billing", "invoice_items"), lines("public", "billing", "invoice_items"));
    const have = both(lines("billing", "invoice_lines"), lines("public", "billing", "invoice_lines"));
    expect(() =>
      diffSchemas(want, have, {
        hooks: postgresDifferHooks,
        renames: [parseRenameHint("billing.invoice_lines:invoice_items")],
      }),
    ).toThrow(
      /write column:billing\.invoice_lines:invoice_items or table:billing\.invoice_lines:invoice_items/,
    );
  });

  test("parses every form of the grammar", () => {
    expect(parseRenameHint("table:billing.a:b")).toEqual({
      kind: "table",
      schema: "billing",
      from: "a",
      to: "b",
    });
    expect(parseRenameHint("table:a:b")).toEqual({ kind: "table", from: "a", to: "b" });
    expect(parseRenameHint("column:t.a:b")).toEqual({ kind: "column", table: "t", from: "a", to: "b" });
    expect(parseRenameHint("column:s.t.a:b")).toEqual({
      kind: "column",
      schema: "s",
      table: "t",
      from: "a",
      to: "b",
    });
    expect(() => parseRenameHint("table:s.t.a:b")).toThrow(/is not a rename/);
    expect(() => parseRenameHint("column:a:b")).toThrow(/is not a rename/);
  });
});
