import { describe, expect, it } from "vitest";
import { isAthanorError } from "../errors.js";
import type { OpSink } from "./op.js";
import { createOp } from "./op.js";
import type { Operation } from "./operation.js";
import { OPERATION_KINDS } from "./operation.js";
import { operations } from "./operations.js";

function recordingSink(): OpSink & {
  emitted: Operation[];
  queries: [string, readonly unknown[] | undefined][];
} {
  const emitted: Operation[] = [];
  const queries: [string, readonly unknown[] | undefined][] = [];
  return {
    dialect: "postgresql",
    emitted,
    queries,
    emit: (op) => emitted.push(op),
    query: async <Row>(sql: string, params?: readonly unknown[]) => {
      queries.push([sql, params]);
      return [{ n: emitted.length }] as Row[];
    },
  };
}

describe("createOp", () => {
  it("emits one frozen operation per builder call, synchronously and in order", () => {
    const sink = recordingSink();
    const op = createOp(sink);
    op.createSchema("billing");
    expect(sink.emitted).toHaveLength(1);
    op.addColumn({ schema: "billing", name: "invoices" }, { name: "total", type: "numeric(12,2)" });
    op.execute("UPDATE x SET y = 1", { down: "UPDATE x SET y = 0" });
    expect(sink.emitted.map((e) => e.kind)).toStrictEqual(["createSchema", "addColumn", "execute"]);
    expect(sink.emitted[2]).toStrictEqual({
      kind: "execute",
      sql: "UPDATE x SET y = 1",
      downSql: "UPDATE x SET y = 0",
    });
    expect(sink.emitted.every((e) => Object.isFrozen(e))).toBe(true);
  });

  it("offers a builder for every operation factory", () => {
    const op = createOp(recordingSink()) as unknown as Record<string, unknown>;
    for (const name of Object.keys(operations)) expect(typeof op[name]).toBe("function");
    // One builder per kind, named after it.
    expect(Object.keys(operations).sort()).toStrictEqual([...OPERATION_KINDS].sort());
  });

  it("delegates query to the sink, after what was already emitted", async () => {
    const sink = recordingSink();
    const op = createOp(sink);
    op.createSchema("s");
    const rows = await op.query<{ n: number }>("SELECT $1::int AS n", [1]);
    expect(rows).toStrictEqual([{ n: 1 }]);
    expect(sink.queries).toStrictEqual([["SELECT $1::int AS n", [1]]]);
  });

  it("exposes the dialect name and emits nothing for an invalid call", () => {
    const sink = recordingSink();
    const op = createOp(sink);
    expect(op.dialect).toBe("postgresql");
    expect(() => op.dropColumn("t", "")).toThrow(/non-empty/);
    expect(sink.emitted).toHaveLength(0);
  });

  it("rejects a malformed sink with a coded error", () => {
    let caught: unknown;
    try {
      createOp({} as OpSink);
    } catch (e) {
      caught = e;
    }
    expect(isAthanorError(caught) && caught.code).toBe("ATHANOR_INVALID_OPERATION");
  });
});

describe("invalid-operation messages", () => {
  it("read as English: 'an' before a vowel, 'a' before a consonant", () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
      return "no error";
    };
    expect(message(() => operations.alterSequence("s", {}))).toMatch(
      /^Cannot build an alterSequence operation: /,
    );
    expect(message(() => operations.renameSequence("s", ""))).toMatch(
      /^Cannot build a renameSequence operation: /,
    );
  });
});

describe("the settings builders refuse what they cannot write safely", () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return isAthanorError(e) ? e.code : String(e);
    }
    return "no error";
  };
  it("a storage parameter name that is not a plain or dotted name", () => {
    expect(
      code(() => operations.alterIndexStorage("ix", "t", { set: { "fillfactor) ; DROP TABLE t; --": "1" } })),
    ).toBe("ATHANOR_INVALID_OPERATION");
    expect(code(() => operations.alterIndexStorage("ix", "t", { reset: ["a b"] }))).toBe(
      "ATHANOR_INVALID_OPERATION",
    );
    expect(code(() => operations.alterIndexStorage("ix", "t", {}))).toBe("ATHANOR_INVALID_OPERATION");
  });
  it("identity numbers that are not integers, an identity left out, or nothing to drop", () => {
    expect(code(() => operations.alterColumnIdentity("t", "id", { always: true, start: "1; DROP" }))).toBe(
      "ATHANOR_INVALID_OPERATION",
    );
    expect(code(() => operations.alterColumnIdentity("t", "id", { always: true, increment: 0 }))).toBe(
      "ATHANOR_INVALID_OPERATION",
    );
    expect(code(() => operations.alterColumnIdentity("t", "id", undefined as never))).toBe(
      "ATHANOR_INVALID_OPERATION",
    );
    expect(code(() => operations.alterColumnIdentity("t", "id", null, { existing: null }))).toBe(
      "ATHANOR_INVALID_OPERATION",
    );
    expect(
      operations.alterColumnIdentity("t", "id", { always: true, maxValue: "9223372036854775807" }),
    ).toMatchObject({
      identity: { always: true, maxValue: "9223372036854775807" },
    });
  });
  it("a rebuilt enum without its current values", () => {
    expect(code(() => operations.rebuildEnum("mood", ["ok"], undefined as never))).toBe(
      "ATHANOR_INVALID_OPERATION",
    );
  });
});

describe("the sync trigger and NOT NULL builders refuse what they cannot write faithfully", () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return isAthanorError(e) ? `${e.code} ${String(e.meta.field)}` : String(e);
    }
    return "no error";
  };
  const pair = { source: "mail", target: "email", twoWay: true };
  it("a pair without twoWay, one column twice, a conversion back on a one-way pair, an empty expression, an unknown key", () => {
    const refused: [string, () => unknown, string][] = [
      [
        "no twoWay",
        () => operations.createSyncTrigger("s", "t", { source: "a", target: "b" } as never),
        "pair.twoWay",
      ],
      [
        "same column",
        () => operations.createSyncTrigger("s", "t", { ...pair, target: "mail" }),
        "pair.target",
      ],
      [
        "toSource one-way",
        () => operations.dropSyncTrigger("s", "t", { ...pair, twoWay: false, toSource: 'NEW."email"' }),
        "pair.toSource",
      ],
      [
        "blank toTarget",
        () => operations.createSyncTrigger("s", "t", { ...pair, toTarget: "  " }),
        "pair.toTarget",
      ],
      ["typo", () => operations.createSyncTrigger("s", "t", { ...pair, two_way: true } as never), "pair"],
      ["no name", () => operations.createSyncTrigger("", "t", pair), "trigger name"],
      [
        "notValid as text",
        () => operations.addNotNull("n", "t", "c", { notValid: "yes" } as never),
        "options.notValid",
      ],
      ["no column", () => operations.addNotNull("n", "t", ""), "column"],
    ];
    for (const [what, f, field] of refused)
      expect(`${what}: ${code(f)}`).toBe(`${what}: ATHANOR_INVALID_OPERATION ${field}`);
  });
  it("normalised, frozen data: defaults left out, the table qualified", () => {
    const op = operations.createSyncTrigger(
      "s",
      { schema: "app", name: "t" },
      { source: "a", target: "b", twoWay: false },
    );
    expect(op).toStrictEqual({
      kind: "createSyncTrigger",
      name: "s",
      table: { schema: "app", name: "t" },
      source: "a",
      target: "b",
      twoWay: false,
    });
    expect(Object.isFrozen(op)).toBe(true);
    expect(operations.addNotNull("n", "t", "c", { notValid: true })).toStrictEqual({
      kind: "addNotNull",
      table: { name: "t" },
      name: "n",
      column: "c",
      notValid: true,
    });
  });
});
