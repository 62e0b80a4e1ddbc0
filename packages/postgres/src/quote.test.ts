import { isAthanorError } from "@athanor/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PGliteClient } from "./client-types.js";
import { MAX_IDENTIFIER_BYTES, quoteIdent, quoteLiteral, quoteQualified, quoteValue } from "./quote.js";
import { freshPglite } from "./testing/fresh-pglite.js";

// Names PostgreSQL can store: no NUL, at most 63 UTF-8 bytes.
const identifier = fc
  .string({ unit: "binary", minLength: 1, maxLength: 30 })
  .filter((s) => !s.includes("\0") && Buffer.byteLength(s) <= MAX_IDENTIFIER_BYTES);
const text = fc.string({ unit: "binary", maxLength: 40 }).filter((s) => !s.includes("\0"));

describe("quoteIdent / quoteLiteral (pure)", () => {
  it("double-quotes and doubles inner quotes", () => {
    expect(quoteIdent("users")).toBe('"users"');
    expect(quoteIdent('my "t"')).toBe('"my ""t"""');
    expect(quoteQualified({ schema: "a b", name: "select" })).toBe('"a b"."select"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("a\\b'")).toBe("E'a\\\\b'''");
  });

  it("renders JSON values as literals", () => {
    expect([null, true, false, -1.5, "x", { a: [1, "b"] }].map(quoteValue)).toStrictEqual([
      "NULL",
      "true",
      "false",
      "-1.5",
      "'x'",
      `'{"a":[1,"b"]}'`,
    ]);
  });

  it.each([
    ["", "empty"],
    ["a\0b", "NUL"],
    ["é".repeat(32), "64 bytes"],
  ])("refuses %j with ATHANOR_INVALID_IDENTIFIER (%s)", (name) => {
    let caught: unknown;
    try {
      quoteIdent(name);
    } catch (e) {
      caught = e;
    }
    expect(isAthanorError(caught) && caught.code).toBe("ATHANOR_INVALID_IDENTIFIER");
  });
});

describe("quoting round-trips through PGlite", () => {
  let db: PGliteClient;
  beforeAll(async () => {
    db = await freshPglite();
  }, 120_000); // PGlite's WASM start-up is slow on a loaded machine (48–53 s for four at once at load ~25)
  afterAll(async () => {
    await db.close();
  });

  it("any storable name comes back unchanged as a column alias", async () => {
    await fc.assert(
      fc.asyncProperty(identifier, async (name) => {
        const result = await db.query(`SELECT 1 AS ${quoteIdent(name)}`);
        expect(result.fields[0]?.name).toBe(name);
      }),
      { numRuns: 150 },
    );
  }, 30_000);

  it("reserved words, spaces, quotes and unicode work as table names", async () => {
    const name = { schema: 'Schéma "q"', name: "select * from ünïcode" };
    await db.exec(
      `CREATE SCHEMA ${quoteIdent(name.schema)}; CREATE TABLE ${quoteQualified(name)} ("order" int)`,
    );
    const rows = await db.query<{ nspname: string; relname: string }>(
      "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1",
      [name.name],
    );
    expect(rows.rows).toStrictEqual([{ nspname: name.schema, relname: name.name }]);
  });

  for (const conforming of ["on", "off"]) {
    it(`any text comes back unchanged as a literal with standard_conforming_strings=${conforming}`, async () => {
      await db.exec(`SET standard_conforming_strings = ${conforming}; SET escape_string_warning = off`);
      await fc.assert(
        fc.asyncProperty(text, async (value) => {
          const result = await db.query<{ v: string }>(`SELECT ${quoteLiteral(value)}::text AS v`);
          expect(result.rows[0]?.v).toBe(value);
        }),
        { numRuns: 150 },
      );
      await db.exec("RESET standard_conforming_strings");
    }, 30_000);
  }
});
