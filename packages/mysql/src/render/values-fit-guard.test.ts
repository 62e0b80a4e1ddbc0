import { operations as o } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlDialect } from "../mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "../testing/scratch-database.js";
import { checksValuesFit } from "./values-fit.js";

// op.requireValuesFit on the real MariaDB, in both forms (MariaDB's SIGNAL and MySQL's
// time_zone, which MariaDB runs too): per type family, values that fit pass and a value that
// does not is named by its key; hostile table, column and key names stay names.
let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
}, 60_000);
afterAll(async () => {
  await db?.dispose();
});

const TABLE = `fit "it's" (a+b)`;
const COLUMN = "na`me'x\\";
const KEY = "i d`";
const q = (name: string) => `\`${name.replaceAll("`", "``")}\``;
const literal = (value: string) => `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;

/** The check's outcome over a column of `from` holding `values` (keys 1, 2, ...), moved into `to`. */
async function check(flavor: "mariadb" | "mysql", from: string, to: string, values: readonly string[]) {
  const rows = values.map((v, i) => `(${i + 1}, ${literal(v)})`).join(", ");
  await db.connection.executeScript([
    `CREATE TABLE ${q(TABLE)} (${q(KEY)} int PRIMARY KEY, ${q(COLUMN)} ${from}) DEFAULT CHARSET = utf8mb4`,
    ...(values.length > 0 ? [`INSERT INTO ${q(TABLE)} VALUES ${rows}`] : []),
  ]);
  try {
    const dialect = mysqlDialect({ server: flavor });
    for (const sql of dialect.render(o.requireValuesFit(TABLE, COLUMN, to, { key: [KEY] })))
      await db.connection.query(sql);
    return "passed";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await db.connection.executeScript([`DROP TABLE ${q(TABLE)}`]);
  }
}

const CASES: readonly [from: string, to: string, fit: readonly string[], misfit: string][] = [
  ["text", "varchar(5)", ["abcde", "ééééé", ""], "abcdef"],
  ["varchar(10)", "char(3)", ["abc", "é✓x"], "abcd"],
  ["mediumtext", "tinytext", ["x".repeat(255)], "é".repeat(128)],
  ["int", "tinyint", ["127", "-128"], "128"],
  ["decimal(6,1)", "tinyint unsigned", ["0", "255"], "-1"],
  ["decimal(6,1)", "smallint", ["12"], "1.5"],
  ["decimal(10,3)", "decimal(5,2)", ["999.99", "-999.99"], "1000"],
  ["decimal(10,3)", "decimal(5,2)", ["1.25"], "1.255"],
  ["varchar(10)", "enum('a','it''s')", ["a", "it's"], "c"],
  ["set('a','b','c')", "set('a','b')", ["a,b", "", "b"], "a,c"],
];

describe("op.requireValuesFit on MariaDB", () => {
  for (const flavor of ["mariadb", "mysql"] as const)
    it.each(CASES)(
      `${flavor} form: %s → %s passes the values that fit and names the row that does not`,
      async (from, to, fit, misfit) => {
        expect(await check(flavor, from, to, fit)).toBe("passed");
        const message = await check(flavor, from, to, [...fit, misfit]);
        const row = `${KEY}=${fit.length + 1}`;
        if (flavor === "mysql") expect(message).toBe(`Unknown or incorrect time zone: '[${row}]'`);
        else
          expect(message).toBe(
            `Values of ${q(TABLE)}.${q(COLUMN)} do not fit ${to}, the type this revision moves them into, in the rows: [${row}]. Shorten or change those values (or widen the type in the models instead of going back), then run it again`,
          );
      },
    );

  it("names at most five rows, in key order", async () => {
    const message = await check("mariadb", "text", "varchar(1)", [
      "ok",
      "",
      "no",
      "no",
      "no",
      "no",
      "no",
      "no",
    ]);
    expect(message).toContain(`[${KEY}=1, ${KEY}=3, ${KEY}=4, ${KEY}=5, ${KEY}=6]`);
  });

  it("a type it cannot judge is a coded error, not a check that passes", () => {
    expect(() => mysqlDialect({ server: "mariadb" }).render(o.requireValuesFit("t", "c", "json"))).toThrow(
      /cannot judge which values fit "json"/,
    );
  });
});

describe("which moves autogenerate checks", () => {
  it.each([
    ["text", "varchar(100)", true],
    ["int", "varchar(3)", true],
    ["int", "text", false], // a number's text never outgrows TEXT
    ["bigint", "int", true],
    ["text", "int", false], // "abc" is no number: the server's own error says so
    ["varchar(10)", "enum('a')", true],
    ["text", "json", false],
  ])("%s → %s: %s", (from, to, expected) => {
    expect(checksValuesFit(from, to)).toBe(expected);
  });
});
