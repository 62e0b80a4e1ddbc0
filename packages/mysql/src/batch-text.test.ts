import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MYSQL_BOOKKEEPING_SQL } from "./bookkeeping-sql.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// The step path's text work without regular expressions (docs/performance.md, "MariaDB revert,
// twenty-fifth session"): a statement's final `;` taken off by a scan, whitespace read by its
// code, the step's DATETIME literals sliced and the last one kept. These pin that the server
// still gets what the regular expressions gave it.
let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
  await db.connection.executeScript(["CREATE TABLE t (id int PRIMARY KEY, note varchar(40))"]);
});
afterAll(() => db?.dispose());

describe("statements joined for one round trip", () => {
  test("a final `;` and the whitespace after it go, Unicode spaces too; a trailing line comment ends its line", async () => {
    await db.connection.executeScript([
      "INSERT INTO t (id) VALUES (1);  \n\t",
      "INSERT INTO t (id) VALUES (2);\u00a0\u2028",
      "INSERT INTO t (id) VALUES (3) -- a note",
      "INSERT INTO t (id, note) VALUES (4, '# in a string -- too')",
      "INSERT INTO t (id, note) VALUES (5, 'x') # a hash note",
      "INSERT INTO t (id, note) VALUES (6, ';') ;",
    ]);
    const { rows } = await db.connection.query<{ id: number; note: string | null }>(
      "SELECT id, note FROM t ORDER BY id",
    );
    expect(rows.map((r) => [Number(r.id), r.note])).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, "# in a string -- too"],
      [5, "x"],
      [6, ";"],
    ]);
  });

  test("the failing statement's index counts the statements as given", async () => {
    const error = await db.connection
      .executeScript(["INSERT INTO t (id) VALUES (10);", "INSERT INTO t (id) VALUES (10) -- again", "DO 1"])
      .then(
        () => undefined,
        (e: unknown) => e as { statementIndex?: unknown; errno?: unknown },
      );
    expect(error?.statementIndex).toBe(1);
    expect(error?.errno).toBe(1062);
  });
});

describe("the history rows' DATETIME literals", () => {
  const literal = MYSQL_BOOKKEEPING_SQL.timestampLiteral;
  const before = (date: Date) => `'${date.toISOString().replace("T", " ").replace("Z", "")}'`;

  test("are the ISO text's, for one instant asked again, another, and a Date changed in place", () => {
    const at = new Date(Date.UTC(2026, 11, 8, 0, 0, 39, 326));
    expect(literal(at)).toBe("'2026-12-08 00:00:39.326'");
    expect(literal(new Date(at.getTime()))).toBe("'2026-12-08 00:00:39.326'");
    at.setTime(at.getTime() + 1);
    expect(literal(at)).toBe("'2026-12-08 00:00:39.327'");
    for (const time of [0, -1, 253402300799999, -62135596800000, Date.UTC(1999, 0, 1)])
      expect(literal(new Date(time))).toBe(before(new Date(time)));
  });

  test("beyond year 9999 keep the sign and six digits, as before", () => {
    const far = new Date(Date.UTC(10000, 0, 1));
    expect(literal(far)).toBe(before(far));
    expect(literal(far)).toBe("'+010000-01-01 00:00:00.000'");
    expect(() => literal(new Date(Number.NaN))).toThrow(RangeError);
  });
});
