import { hasNameControlCharacters } from "@athanor/core/text";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_IDENTIFIER_LENGTH, quoteIdent, quoteLiteral } from "./quote.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// Names and texts from models and revisions reach MySQL/MariaDB only through quoteIdent and
// quoteLiteral: whatever they hold, the server must read back the same name or text, on the
// session the driver opens (NO_BACKSLASH_ESCAPES taken out).

// Names the server stores as given: BMP characters only (MySQL's identifiers), no NUL, no
// trailing space, no control character a terminal acts on (refused), at most 64 characters.
const name = fc
  .string({ unit: "binary", minLength: 1, maxLength: 20 })
  .filter(
    (s) =>
      [...s].every((c) => (c.codePointAt(0) ?? 0) <= 0xffff) &&
      !s.includes("\0") &&
      !s.endsWith(" ") &&
      !hasNameControlCharacters(s) &&
      [...s].length <= MAX_IDENTIFIER_LENGTH,
  );
// Quote characters, backslashes, comment starters, line breaks, Ctrl-Z, ESC and unicode, over-represented.
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

  it("any text comes back unchanged, and its literal holds no raw control character", async () => {
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const literal = quoteLiteral(value);
        expect(hasNameControlCharacters(literal)).toBe(false);
        const { rows } = await db.connection.query<{ v: string }>(
          `SELECT CONVERT(${literal} USING utf8mb4) AS v`,
        );
        expect(rows[0]?.v).toBe(value);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
