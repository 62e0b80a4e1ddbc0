import { operations as o } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase, type ScratchDatabase } from "../testing/test-databases.js";
import { checksValuesFit } from "./values-fit.js";
import { renderRequireValuesFit } from "./values-fit-guard.js";

// op.requireValuesFit on PostgreSQL 15: per type family, values that fit pass and a value that
// an explicit cast would truncate, round or refuse is named by its key; hostile table, column
// and key names (and a `$athanor$` inside one) stay names.
let db: ScratchDatabase;
beforeAll(async () => {
  db = await freshPostgresDatabase("values_fit_guard");
}, 60_000);
afterAll(async () => {
  await db?.dispose();
});

const TABLE = `fit "it's" $athanor$`;
const COLUMN = `na"me'x`;
const KEY = "i d'";
const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

async function check(from: string, to: string, values: readonly string[]) {
  const t = `s.${q(TABLE)}`;
  const rows = values.map((v, i) => `(${i + 1}, ${literal(v)})`).join(", ");
  await db.exec(
    `CREATE SCHEMA s; CREATE TABLE ${t} (${q(KEY)} int PRIMARY KEY, ${q(COLUMN)} ${from}); ${values.length > 0 ? `INSERT INTO ${t} VALUES ${rows};` : ""}`,
  );
  try {
    for (const sql of renderRequireValuesFit(
      o.requireValuesFit({ schema: "s", name: TABLE }, COLUMN, to, { key: [KEY] }),
    ))
      await db.exec(sql);
    return "passed";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await db.exec("DROP SCHEMA s CASCADE");
  }
}

const CASES: readonly [from: string, to: string, fit: readonly string[], misfit: string][] = [
  ["text", "character varying(5)", ["abcde", "ééééé", ""], "abcdef"],
  ["text", "varchar(3)", ["abc"], "abcd"],
  ["text", "character(3)", ["abc"], "abcd"],
  ["bigint", "integer", ["2147483647", "-2147483648"], "2147483648"],
  ["numeric(6,1)", "smallint", ["12"], "1.5"],
  ["numeric(10,3)", "numeric(5,2)", ["999.99", "-999.99", "1.25"], "1.255"],
  ["numeric(10,3)", "numeric(5,2)", ["1"], "1000"],
];

describe("op.requireValuesFit on PostgreSQL", () => {
  it.each(CASES)(
    "%s → %s passes the values that fit and names the row that does not",
    async (from, to, fit, misfit) => {
      expect(await check(from, to, fit)).toBe("passed");
      const message = await check(from, to, [...fit, misfit]);
      expect(message).toBe(
        `Values of "s".${q(TABLE)}.${q(COLUMN)} do not fit ${to}, the type this revision moves them into, in the rows: [${KEY}=${fit.length + 1}]. Shorten or change those values (or widen the type in the models instead of going back), then run it again`,
      );
    },
  );

  it("a type it cannot judge is a coded error, not a check that passes", () => {
    expect(() => renderRequireValuesFit(o.requireValuesFit("t", "c", "jsonb"))).toThrow(
      /cannot judge which values fit "jsonb"/,
    );
  });
});

describe("which moves autogenerate checks on PostgreSQL", () => {
  it.each([
    ["text", "character varying(100)", true],
    ["integer", "character varying(3)", true],
    ["bigint", "integer", true],
    ["text", "integer", false], // "abc" is no number: the cast's own error says so, and rolls back
    ["text[]", "character varying(3)[]", false],
    ["text", "jsonb", false],
  ])("%s → %s: %s", (from, to, expected) => {
    expect(checksValuesFit(from, to)).toBe(expected);
  });
});
