import { isAthanorError } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { packetBatches } from "./packet-batches.js";

function tooLarge(sql: string): string {
  try {
    packetBatches([sql], 1024);
  } catch (error) {
    if (isAthanorError(error) && error.code === "ATHANOR_STATEMENT_TOO_LARGE") return error.message;
    throw error;
  }
  throw new Error("the statement fitted");
}

describe("ATHANOR_STATEMENT_TOO_LARGE's statement head", () => {
  it("is cut between characters, never inside a surrogate pair", () => {
    // the 80th UTF-16 unit is the first half of 😀
    const sql = `INSERT INTO t VALUES ('${"x".repeat(56)}😀${"y".repeat(2000)}')`;
    const message = tooLarge(sql);
    expect(message.isWellFormed()).toBe(true);
    expect(message).toContain(`${"x".repeat(56)}😀…`);
  });

  it("is one line: the statement's line breaks and tabs read as spaces", () => {
    const message = tooLarge(`INSERT INTO t\n\tVALUES\r\n('${"z".repeat(2000)}')`);
    expect(message).toContain("(INSERT INTO t VALUES ('zzz");
    expect(message).not.toMatch(/[\n\r\t]/);
  });
});
