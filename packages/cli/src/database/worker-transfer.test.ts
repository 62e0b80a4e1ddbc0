import { AthanorError } from "@athanor/core/errors";
import { describe, expect, test } from "vitest";
import { received, revivedError, sendable, sendableError } from "./worker-transfer.js";

describe("what the introspection worker sends", () => {
  test("plain data goes as JSON and comes back the same", () => {
    const model = { schemas: ["public"], tables: [{ name: "t", columns: [{ n: 1.5, ok: true, d: null }] }] };
    const sent = sendable(model);
    expect(sent).toHaveProperty("json");
    expect(received(sent)).toStrictEqual(model);
  });

  test.each([
    ["an undefined property (JSON drops it)", { a: 1, b: undefined }],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the case
    ["an array hole (JSON turns it to null)", { a: [1, , 3] }],
    ["an undefined array item", { a: [undefined] }],
    ["-0", { a: -0 }],
    ["NaN", { a: Number.NaN }],
    ["Infinity", { a: Number.POSITIVE_INFINITY }],
    ["a Date (JSON makes it a string)", { a: new Date(0) }],
    ["a Map", { a: new Map([[1, 2]]) }],
    ["a class instance", { a: new (class Point {})() }],
    ["a bigint (JSON throws)", { a: 1n }],
  ])("a value JSON would not give back exactly goes by structured clone: %s", (_what, value) => {
    const sent = sendable(value);
    expect(sent).not.toHaveProperty("json");
    expect(received(structuredClone(sent))).toStrictEqual(structuredClone(value));
  });

  test("an athanor error comes back with its code, message and meta", () => {
    const error = new AthanorError("ATHANOR_CONNECTION_FAILED", "PostgreSQL did not answer.", {
      causeCode: "ECONNREFUSED",
      hint: "is it running?",
    });
    const revived = revivedError(structuredClone(sendableError(error)));
    expect(revived).toBeInstanceOf(AthanorError);
    expect(revived).toMatchObject({
      name: "AthanorError",
      code: error.code,
      message: error.message,
      meta: error.meta,
    });
  });

  test("any other error comes back with its name and message (reported as an internal error, as on the main thread)", () => {
    const revived = revivedError(structuredClone(sendableError(new TypeError("x is not a function"))));
    expect(revived).toMatchObject({ name: "TypeError", message: "x is not a function" });
    expect(revived).not.toHaveProperty("code");
  });
});
