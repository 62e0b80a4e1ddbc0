import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineRevision, downgrade, upgrade } from "@athanor/core";
import { hasEscapedCharacters, hasNameControlCharacters } from "@athanor/core/text";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { quoteIdent, quoteLiteral, SQLITE_RAW_CONTROLS } from "./quote.js";
import { sqliteDialect } from "./sqlite-dialect.js";

// Names and texts from models and revisions reach SQLite only through quoteIdent/quoteLiteral:
// whatever they hold, SQLite must read back the same name or text, and a rebuild (which restates
// the table from the SQL SQLite stored) must carry them through unchanged.

// Names SQLite stores as given: no NUL, no control character a terminal acts on (refused), none
// of the prefixes SQLite or athanor reserve for their own tables. A bidirectional control is kept
// in a name (SQLite has no escape for it).
const name = fc
  .string({ unit: "binary", minLength: 1, maxLength: 16 })
  .filter(
    (s) => !s.includes("\0") && !hasNameControlCharacters(s) && !/^(sqlite_|athanor|__athanor)/i.test(s),
  );
// Quote characters, brackets, dots, comment starters, line breaks and unicode, over-represented.
const tricky = fc.constantFrom(
  '"',
  "'",
  "`",
  "[",
  "]",
  ".",
  "--",
  "/*",
  "*/",
  ";",
  "\n",
  "\r",
  "\t",
  "ü",
  "\u202e",
  "\u202a",
  "\u2066",
  "\u2069",
  "\x1b",
  "\x9b",
  "\x7f",
);
const text = fc
  .array(fc.oneof(tricky, fc.string({ unit: "binary", maxLength: 6 })), { maxLength: 8 })
  .map((parts) => parts.join(""))
  .filter((s) => !s.includes("\0"));

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-quote-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("quoting round-trips through SQLite", () => {
  const db = new Database(":memory:");
  afterAll(() => db.close());

  it("any storable name comes back unchanged as a column alias and as a table name", () => {
    fc.assert(
      fc.property(name, (n) => {
        expect(db.prepare(`SELECT 1 AS ${quoteIdent(n)}`).columns()[0]?.name).toBe(n);
        db.exec(`CREATE TABLE ${quoteIdent(n)} (x); `);
        const stored = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
        db.exec(`DROP TABLE ${quoteIdent(n)}`);
        expect(stored).toStrictEqual([n]);
      }),
      { numRuns: 300 },
    );
  });

  it("any text comes back unchanged, and its literal holds no raw control or bidirectional character", () => {
    fc.assert(
      fc.property(text, (value) => {
        const literal = quoteLiteral(value);
        expect(hasEscapedCharacters(literal)).toBe(false);
        expect(db.prepare(`SELECT ${literal} AS v`).pluck().get()).toBe(value);
        // the same literal written raw in a statement, then made inert, reads the same
        const raw = `SELECT '${value.replaceAll("'", "''")}' AS v`;
        const inert = SQLITE_RAW_CONTROLS.rewrite(raw);
        expect(hasEscapedCharacters(inert)).toBe(false);
        expect(db.prepare(inert).pluck().get()).toBe(value);
      }),
      { numRuns: 300 },
    );
  });
});

describe("a rebuild carries any name, default and check text through", () => {
  let n = 0;
  it("up through the rebuild and back: the rows, the default and the check as they were", async () => {
    await fc.assert(
      fc.asyncProperty(
        name,
        name.filter((c) => c.toLowerCase() !== "id"),
        text,
        async (table, column, value) => {
          const file = join(folder, `${++n}.db`);
          const dialect = sqliteDialect({ file });
          const [t, c] = [quoteIdent(table), quoteIdent(column)];
          const revisions = [
            defineRevision({
              id: "a1",
              parents: [],
              upgrade: (op) => {
                op.createTable(table, {
                  columns: [
                    { name: "id", type: "integer", nullable: false },
                    { name: column, type: "text", default: quoteLiteral(value) },
                  ],
                  primaryKey: { name: `${table}_pkey`, columns: ["id"] },
                  checks: [
                    { name: `${table}.${column}'"chk`, expression: `${c} <> ${quoteLiteral(`${value}x`)}` },
                  ],
                });
                op.execute(`INSERT INTO ${t} (id) VALUES (1)`);
              },
              downgrade: (op) => op.dropTable(table),
            }),
            defineRevision({
              id: "a2",
              parents: ["a1"],
              upgrade: (op) => op.alterColumn(table, column, { nullable: false, existingNullable: true }),
              downgrade: (op) => op.alterColumn(table, column, { nullable: true, existingNullable: false }),
            }),
          ];
          const read = () => {
            const db = new Database(file, { readonly: true });
            try {
              return {
                rows: db.prepare(`SELECT * FROM ${t}`).all(),
                sql: db.prepare("SELECT sql FROM sqlite_schema WHERE name = ?").pluck().get(table),
                check: db.prepare("PRAGMA integrity_check").pluck().all(),
              };
            } finally {
              db.close();
            }
          };
          expect((await upgrade({ dialect, revisions }, "a1")).error).toBeUndefined();
          const before = read();
          expect(before.rows).toStrictEqual([{ id: 1, [column]: value }]);
          const up = await upgrade({ dialect, revisions }, "heads");
          expect(up.error, String(up.error?.message)).toBeUndefined();
          expect(read().rows).toStrictEqual(before.rows);
          const down = await downgrade({ dialect, revisions }, "a1");
          expect(down.error, String(down.error?.message)).toBeUndefined();
          const after = read();
          expect(after.rows).toStrictEqual(before.rows);
          expect(after.check).toStrictEqual(["ok"]);
          // the check still refuses what it refused
          const db = new Database(file);
          try {
            expect(() => db.prepare(`INSERT INTO ${t} (id, ${c}) VALUES (2, ?)`).run(`${value}x`)).toThrow(
              /CHECK/,
            );
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);
});
