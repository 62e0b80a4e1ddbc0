import { isAthanorError } from "@athanor/core";
import { hasNameControlCharacters } from "@athanor/core/text";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PGliteClient } from "./client-types.js";
import {
  MAX_IDENTIFIER_BYTES,
  POSTGRES_RAW_CONTROLS,
  qualifiedNameText,
  quoteIdent,
  quoteLiteral,
  quoteQualified,
  quoteValue,
} from "./quote.js";
import { freshPglite } from "./testing/fresh-pglite.js";

// Names PostgreSQL can store: no NUL, at most 63 UTF-8 bytes.
const identifier = fc
  .string({ unit: "binary", minLength: 1, maxLength: 30 })
  .filter((s) => !s.includes("\0") && Buffer.byteLength(s) <= MAX_IDENTIFIER_BYTES);
const text = fc.string({ unit: "binary", maxLength: 40 }).filter((s) => !s.includes("\0"));
// biome-ignore lint/suspicious/noControlCharactersInRegex: what a terminal acts on (tab and line feed only lay out), and bidi controls
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("quoteIdent / quoteLiteral (pure)", () => {
  it("double-quotes and doubles inner quotes", () => {
    expect(quoteIdent("users")).toBe('"users"');
    expect(quoteIdent('my "t"')).toBe('"my ""t"""');
    expect(quoteQualified({ schema: "a b", name: "select" })).toBe('"a b"."select"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("a\\b'")).toBe("E'a\\\\b'''");
  });

  it("writes a control character a terminal acts on as an escape (U&\"…\", E'\\u…'), never raw", () => {
    expect(quoteIdent("t\x1b]0;x\x07")).toBe('U&"t\\001B]0;x\\0007"');
    expect(quoteIdent('a\\b"\x9b\x7f')).toBe('U&"a\\\\b""\\009B\\007F"');
    expect(quoteIdent("tab\tand\nline")).toBe('"tab\tand\nline"');
    expect(quoteLiteral("it's\x1b\\")).toBe("E'it''s\\u001B\\\\'");
    expect(quoteLiteral("line\nbreak")).toBe("'line\nbreak'");
    expect(qualifiedNameText({ schema: 's"', name: "t\x1b" })).toBe('"s"""."t\x1b"');
    // a bidirectional override or isolate too: it would reorder how the SQL reads
    expect(quoteIdent("acct\u202eTXT")).toBe('U&"acct\\202ETXT"');
    expect(quoteLiteral("a\u2066b\u2069")).toBe("E'a\\u2066b\\u2069'");
    fc.assert(
      fc.property(identifier, text, (name, value) => {
        expect(quoteIdent(name)).not.toMatch(RAW_CONTROL);
        expect(quoteLiteral(value)).not.toMatch(RAW_CONTROL);
      }),
    );
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

  it("a statement's names and strings holding control characters are rewritten escaped, to the same values", async () => {
    // raw as PostgreSQL prints a check or default back, and as a revision may write one
    const raw = [
      "SELECT 'k\x1b[31m'::text AS a",
      "E'b\\\x07\x07\\\\' AS b",
      "'it''s\x9b C:\\dir' AS c",
      "'\x7f' AS \"col\x1bname\"",
    ].join(", ");
    const inert = POSTGRES_RAW_CONTROLS.rewrite(raw);
    expect(hasNameControlCharacters(inert)).toBe(false);
    expect(inert).toContain("E'k\\u001B[31m'::text");
    expect(inert).toContain('U&"col\\001Bname"');
    const [want, got] = [await db.query(raw), await db.query(inert)];
    expect(got.rows).toEqual(want.rows);
    expect(got.fields.map((f) => f.name)).toEqual(want.fields.map((f) => f.name));
    // dollar-quoted code (a DO block, a function body) is rewritten inside; a dollar-quoted
    // string, a prefix it does not know (N'…') and a comment are left for the refusal
    const block = POSTGRES_RAW_CONTROLS.rewrite("DO $q$BEGIN PERFORM 'a\x1b'; END$q$");
    expect(block).toBe("DO $q$BEGIN PERFORM E'a\\u001B'; END$q$");
    await db.exec(block);
    for (const kept of ["SELECT $q$'\x1b'$q$", "N'\x1b' -- \x07"])
      expect(POSTGRES_RAW_CONTROLS.rewrite(kept)).toBe(kept);
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

  it("a table named with control characters is the one its name text finds as a regclass", async () => {
    const name = { name: "t\x1b]0;x\x07\x9b" };
    await db.exec(`CREATE TABLE ${quoteQualified(name)} (id int)`);
    const rows = await db.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE oid = ${quoteLiteral(qualifiedNameText(name))}::regclass`,
    );
    expect(rows.rows).toStrictEqual([{ relname: name.name }]);
  });

  for (const conforming of ["on", "off"]) {
    it(`any text and name come back unchanged quoted with standard_conforming_strings=${conforming}`, async () => {
      await db.exec(`SET standard_conforming_strings = ${conforming}; SET escape_string_warning = off`);
      await fc.assert(
        fc.asyncProperty(text, async (value) => {
          const result = await db.query<{ v: string }>(`SELECT ${quoteLiteral(value)}::text AS v`);
          expect(result.rows[0]?.v).toBe(value);
        }),
        { numRuns: 150 },
      );
      await fc.assert(
        fc.asyncProperty(identifier, async (name) => {
          const result = await db.query(`SELECT 1 AS ${quoteIdent(name)}`);
          expect(result.fields[0]?.name).toBe(name);
        }),
        { numRuns: 150 },
      );
      await db.exec("RESET standard_conforming_strings");
    }, 30_000);
  }
});
