import { describe, expect, it } from "vitest";
import { renderingChangeDetail } from "./rendering-change.js";
import {
  MARKER_RECORD_BUDGET,
  parseRecordedPrints,
  type RecordedPrints,
  StatementPrints,
} from "./statement-prints.js";

const printsOf = (texts: readonly string[]) => {
  const prints = new StatementPrints();
  for (const [i, text] of texts.entries()) prints.add(i, text);
  return prints;
};
const recordOf = (texts: readonly string[], done = texts.length): RecordedPrints =>
  parseRecordedPrints(printsOf(texts).recorded(done) as string) as RecordedPrints;

describe("StatementPrints", () => {
  const ran = ['ALTER TABLE "accounts" ADD COLUMN "w" int', "UPDATE accounts SET balance = balance + 50"];

  it("the same statements compare equal, past the done ones too", () => {
    expect(printsOf([...ran, "CREATE INDEX i ON accounts (w)"]).compare(recordOf(ran))).toBeUndefined();
    expect(recordOf(ran).n).toBe(2);
  });

  it("a statement inserted before the done ones is named with both texts", () => {
    const now = printsOf(["SELECT 1 AS guard", ...ran]);
    expect(now.compare(recordOf(ran))).toEqual({
      index: 0,
      exact: true,
      recorded: ran[0],
      current: "SELECT 1 AS guard",
    });
  });

  it("a rendering with fewer statements than were done differs at the first missing one", () => {
    expect(printsOf(ran.slice(0, 1)).compare(recordOf(ran))).toEqual({
      index: 1,
      exact: true,
      recorded: ran[1],
      current: undefined,
    });
  });

  it("an incomplete rendering (stopped at an op.query) reports only differences it saw", () => {
    expect(printsOf(ran.slice(0, 1)).compare(recordOf(ran), false)).toBeUndefined();
    expect(printsOf(["other"]).compare(recordOf(ran), false)).toMatchObject({ index: 0, exact: true });
  });

  it("not every statement is known: no record", () => {
    const prints = new StatementPrints();
    prints.add(1, "UPDATE t SET a = 1");
    expect(prints.recorded(2)).toBeUndefined();
    expect(prints.recorded(0)).toBeDefined();
  });

  it("thousands of long statements: the record stays under 60,000 ASCII characters and still catches a change past its list", () => {
    const texts = Array.from(
      { length: 3000 },
      (_, i) => `INSERT INTO t VALUES (${i}, 'é${"x".repeat(200)}')`,
    );
    const recorded = printsOf(texts).recorded(texts.length) as string;
    expect(recorded.length).toBeLessThan(60_100);
    expect(/^[\x20-\x7e]*$/.test(recorded)).toBe(true);
    const record = parseRecordedPrints(recorded) as RecordedPrints;
    expect(record.each.length).toBeLessThan(texts.length);
    expect(record.each[0]?.preview?.startsWith("INSERT INTO t VALUES (0, 'é")).toBe(true);
    const changed = [...texts.slice(0, -1), "INSERT INTO t VALUES (-1, 'moved')"];
    expect(printsOf(changed).compare(record)).toEqual({
      index: record.each.length,
      exact: false,
      recorded: undefined,
      current: undefined,
    });
    expect(printsOf(texts).compare(record)).toBeUndefined();
  });

  // Found by the final bench: a MySQL revision of 4,000 DDL statements sends a progress marker
  // with each in one round trip; with the full record in every marker the batch passed MariaDB's
  // 16 MB max_allowed_packet ("Got a packet bigger than 'max_allowed_packet' bytes").
  it("a commit point's record stays small however many statements are done, and still tells a change", () => {
    const prints = new StatementPrints();
    const sql = (i: number) => `CREATE TABLE t${i} (${"c int, ".repeat(40)}id int)`;
    for (let i = 0; i < 4000; i++) prints.add(i, sql(i));
    const markers = [1, 10, 1000, 4000].map((done) => prints.recorded(done, MARKER_RECORD_BUDGET) ?? "");
    for (const marker of markers) expect(marker.length).toBeLessThan(MARKER_RECORD_BUDGET + 200);
    // the running combined hash is the one a fresh record computes
    const fresh = new StatementPrints();
    for (let i = 0; i < 4000; i++) fresh.add(i, sql(i));
    const last = parseRecordedPrints(markers[3] as string) as RecordedPrints;
    expect(last.all).toBe(parseRecordedPrints(fresh.recorded(4000) as string)?.all);
    expect(fresh.compare(last)).toBeUndefined();
    const changed = new StatementPrints();
    for (let i = 0; i < 4000; i++) changed.add(i, i === 3000 ? `${sql(i)} ENGINE=InnoDB` : sql(i));
    expect(changed.compare(last)).toMatchObject({ exact: false });
  });

  it("a record of another shape is not read", () => {
    const good = JSON.parse(printsOf(ran).recorded(2) as string);
    for (const bad of [
      "not json",
      "null",
      JSON.stringify({ ...good, v: 2 }),
      JSON.stringify({ ...good, n: -1 }),
      JSON.stringify({ ...good, all: "zz" }),
      JSON.stringify({ ...good, n: 1 }),
      JSON.stringify({ ...good, each: [["nothex", "x"]] }),
      JSON.stringify({ ...good, each: [[good.each[0][0], 42]] }),
    ])
      expect(parseRecordedPrints(bad), bad).toBeUndefined();
    expect(parseRecordedPrints(JSON.stringify(good))).toMatchObject({ n: 2 });
  });

  it("the differing statements reach the terminal inert and cut", () => {
    const detail = renderingChangeDetail({
      kind: "statements",
      recordedVersion: "0.1.0",
      difference: {
        index: 3,
        exact: true,
        recorded: "\x1b[2J\nDROP TABLE users; --",
        current: "y".repeat(300),
      },
    });
    expect(detail).toContain("\\x1b[2J\\nDROP TABLE users; --");
    expect(detail).not.toContain("\x1b");
    expect(detail).toContain(`${"y".repeat(120)}…`);
    expect(detail.split("\n")).toHaveLength(5);
  });
});
