import type { Connection, DifferHooks, ScratchArea } from "@athanor/core";
import { mysqlDifferHooks } from "@athanor/mysql";
import { postgresDifferHooks } from "@athanor/postgres";
import { describe, expect, it } from "vitest";
import type { CanonicalizeOptions } from "./canonicalize-scratch.js";
import { materializeSchemaModel } from "./materialize-schema-model.js";
import { settleCheckExpressions, settleCheckExpressionsOfBoth } from "./settle-check-expressions.js";
import { col, columnIndex, fk, model, table } from "./testing/model-builders.js";

// A model becomes operations by the dialect module's hooks, never by a family name: a dialect of
// any name gets what its hooks say, and settling is the scratch area's capability.

const anyName = (hooks: DifferHooks, name = "somedb"): DifferHooks => ({ ...hooks, name });
const id = col("id", "bigint", { nullable: false });
const counter = col("n", "integer", {
  nullable: false,
  identity: {
    generation: "always",
    sequence: {
      dataType: "integer",
      start: "10",
      increment: "1",
      min: "1",
      max: "2147483647",
      cache: "1",
      cycle: false,
    },
  },
});
const nullsFirst = {
  ...columnIndex("t_n_idx", "n"),
  keys: [{ kind: "column" as const, column: "n", order: "asc" as const, nulls: "first" as const }],
};
const shape = model([table("t", [id, counter], { indexes: [nullsFirst] })], { schemas: ["public", "extra"] });

describe("materializeSchemaModel takes its decisions from the hooks", () => {
  it("identity steps, NULL ordering and schemas of their own where the hooks have them", () => {
    const ops = materializeSchemaModel(shape, { hooks: anyName(postgresDifferHooks) });
    expect(ops.filter((op) => op.kind === "createSchema").map((op) => op.name)).toEqual(["extra"]);
    const create = ops.find((op) => op.kind === "createTable");
    expect(create?.kind === "createTable" && create.columns[1]?.identity).toEqual({
      always: true,
      start: 10,
    });
    const index = ops.find((op) => op.kind === "createIndex");
    expect(index?.kind === "createIndex" && index.keys).toEqual([{ column: "n", nulls: "first" }]);
  });

  it("AUTO_INCREMENT, one NULL ordering and schemas that are databases where the hooks say so", () => {
    const ops = materializeSchemaModel(shape, { hooks: anyName(mysqlDifferHooks) });
    expect(ops.some((op) => op.kind === "createSchema")).toBe(false);
    const create = ops.find((op) => op.kind === "createTable");
    expect(create?.kind === "createTable" && create.columns[1]?.identity).toEqual({
      always: false,
    });
    const index = ops.find((op) => op.kind === "createIndex");
    expect(index?.kind === "createIndex" && index.keys).toEqual([{ column: "n" }]);
  });

  it("forwardForeignKeys: every key inside its CREATE TABLE, tables in the model's order", () => {
    // `a` references `b`, which comes later in the model, and `b` references `a`: a cycle.
    const cycle = model([
      table("a", [id, col("b_id", "bigint")], { foreignKeys: [fk("a_b_fk", ["b_id"], "b")] }),
      table("b", [id, col("a_id", "bigint")], { foreignKeys: [fk("b_a_fk", ["a_id"], "a")] }),
    ]);
    const kinds = (hooks: DifferHooks) =>
      materializeSchemaModel(cycle, { hooks }).map((op) =>
        op.kind === "createTable"
          ? `createTable ${op.table.name} fks=${op.foreignKeys?.length ?? 0}`
          : op.kind,
      );
    expect(kinds({ ...postgresDifferHooks, forwardForeignKeys: true })).toEqual([
      "createTable a fks=1",
      "createTable b fks=1",
    ]);
    expect(kinds(postgresDifferHooks)).toEqual([
      "createTable a fks=0",
      "createTable b fks=0",
      "addForeignKey",
      "addForeignKey",
    ]);
  });
});

describe("settling is the scratch area's capability", () => {
  // Any statement or query on this connection fails the test: an area that does not settle sends none.
  const untouchable = new Proxy({} as Connection, {
    get: (_target, prop) => () => {
      throw new Error(`the connection was used (${String(prop)})`);
    },
  });
  const area: ScratchArea = { label: "database", begin: ["BEGIN"], rollback: ["ROLLBACK"] };
  const options: CanonicalizeOptions = {
    hooks: anyName(postgresDifferHooks),
    area,
    scratch: untouchable,
    render: () => [],
    introspect: () => Promise.reject(new Error("introspected")),
  };
  const checked = model([table("t", [id], { checks: [{ name: "t_id_check", expression: "(id > 0)" }] })]);

  it("an area without settlesPrintedTexts returns the models as they are, sending nothing", async () => {
    expect(await settleCheckExpressions(checked, options)).toBe(checked);
    const both = await settleCheckExpressionsOfBoth(checked, checked, options);
    expect(both.desired).toBe(checked);
    expect(both.live).toBe(checked);
  });

  it("an area with it builds the checks in the scratch database", async () => {
    await expect(
      settleCheckExpressions(checked, { ...options, area: { ...area, settlesPrintedTexts: true } }),
    ).rejects.toThrow(/the connection was used/);
  });
});
