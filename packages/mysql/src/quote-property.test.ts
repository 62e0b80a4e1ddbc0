import { hasEscapedCharacters, hasNameControlCharacters } from "@athanor/core/text";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MAX_IDENTIFIER_LENGTH,
  MYSQL_RAW_CONTROLS,
  quoteComment,
  quoteIdent,
  quoteLiteral,
} from "./quote.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// Names and texts from models and revisions reach MySQL/MariaDB only through quoteIdent and
// quoteLiteral: whatever they hold, the server must read back the same name or text, on the
// session the driver opens (NO_BACKSLASH_ESCAPES taken out).

// Names the server stores as given: BMP characters only (MySQL's identifiers), no NUL, no
// trailing space (the server's isspace: a tab too), no control character a terminal acts on
// (refused), at most 64 characters. A bidirectional control is kept in a name (no escape for it).
const name = fc
  .string({ unit: "binary", minLength: 1, maxLength: 20 })
  .filter(
    (s) =>
      [...s].every((c) => (c.codePointAt(0) ?? 0) <= 0xffff) &&
      !s.includes("\0") &&
      !/\s$/.test(s) &&
      !hasNameControlCharacters(s) &&
      [...s].length <= MAX_IDENTIFIER_LENGTH,
  );
// Quote characters, backslashes, comment starters, line breaks, Ctrl-Z, ESC, bidirectional
// overrides and isolates and unicode, over-represented.
const tricky = fc.constantFrom(
  "'",
  '"',
  "`",
  "\\",
  "\\'",
  "--",
  "/*",
  "#",
  ";",
  "\n",
  "\r",
  "\x1a",
  "\x1b",
  "\x9b",
  "\u202e",
  "\u202a",
  "\u2066",
  "\u2069",
  "ü",
  "%",
  "_",
);
const text = fc
  .array(fc.oneof(tricky, fc.string({ unit: "binary", maxLength: 6 })), { maxLength: 8 })
  .map((parts) => parts.join(""));

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

describe("quoting round-trips through MySQL/MariaDB", () => {
  it("any storable name comes back unchanged as a table name", async () => {
    await fc.assert(
      fc.asyncProperty(name, async (n) => {
        await db.connection.query(`CREATE TABLE ${quoteIdent(n)} (x int)`);
        try {
          const { rows } = await db.connection.query<{ n: string }>(
            "SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
          );
          expect(rows.map((r) => r.n)).toStrictEqual([n]);
        } finally {
          await db.connection.query(`DROP TABLE ${quoteIdent(n)}`);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it("any text comes back unchanged, and its literal holds no raw control or bidirectional character", async () => {
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const literal = quoteLiteral(value);
        expect(hasEscapedCharacters(literal)).toBe(false);
        // the same text quoted raw in an expression athanor passes on, then made inert
        const raw = `SELECT CONVERT('${value.replace(/[\\']/g, "\\$&")}' USING utf8mb4) AS v`;
        const inert = MYSQL_RAW_CONTROLS.rewrite(raw);
        expect(hasEscapedCharacters(inert)).toBe(false);
        const { rows } = await db.connection.query<{ v: string }>(
          `SELECT CONVERT(${literal} USING utf8mb4) AS v`,
        );
        expect(rows[0]?.v).toBe(value);
        const again = await db.connection.query<{ v: string }>(inert);
        expect(again.rows[0]?.v).toBe(value);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("a comment keeps a bidirectional character raw (COMMENT takes no hex literal) and is stored as given", async () => {
    const comment = "owner: \u202eadmin\u2066";
    const sql = MYSQL_RAW_CONTROLS.rewrite(
      `CREATE TABLE \`c\` (x int COMMENT ${quoteComment(comment)}) COMMENT = ${quoteComment(comment)}`,
    );
    expect(sql).toContain(`COMMENT '${comment}'`);
    await db.connection.query(sql);
    try {
      const { rows } = await db.connection.query<{ t: string; c: string }>(
        "SELECT t.TABLE_COMMENT AS t, c.COLUMN_COMMENT AS c FROM information_schema.TABLES t JOIN information_schema.COLUMNS c USING (TABLE_SCHEMA, TABLE_NAME) WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME = 'c'",
      );
      expect(rows).toStrictEqual([{ t: comment, c: comment }]);
    } finally {
      await db.connection.query("DROP TABLE `c`");
    }
  });
});
