import { describe, expect, it } from "vitest";
import { parseRunState } from "./recorded-state.js";

const row = {
  id: 1,
  revision: "a1",
  direction: "upgrade",
  status: "ok",
  checksum: "sha256:00",
  statementIndex: null,
  note: null,
};

describe("parseRunState", () => {
  it("reads back a state as a run recorded it", () => {
    const state = { tablesExist: true, heads: ["a1"], history: [row] };
    expect(parseRunState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it("refuses any part of the wrong shape: a record is never guessed at", () => {
    const bad: unknown[] = [
      null,
      "state",
      { tablesExist: "yes", heads: [], history: [] },
      { tablesExist: true, heads: "a1", history: [] },
      { tablesExist: true, heads: [1], history: [] },
      { tablesExist: true, heads: [], history: {} },
      { tablesExist: true, heads: [], history: [{ ...row, id: "1" }] },
      { tablesExist: true, heads: [], history: [{ ...row, direction: "sideways" }] },
      { tablesExist: true, heads: [], history: [{ ...row, status: "done" }] },
      { tablesExist: true, heads: [], history: [{ ...row, checksum: 5 }] },
      { tablesExist: true, heads: [], history: [{ ...row, statementIndex: 1.5 }] },
      { tablesExist: true, heads: [], history: [{ ...row, note: undefined }] },
      { tablesExist: true, heads: [], history: [null] },
    ];
    for (const value of bad) expect(parseRunState(value), JSON.stringify(value)).toBeUndefined();
  });
});
