import { expect, test } from "vitest";
import { readTableSql } from "./table-sql.js";

test("clauses are read by tokens: keywords in literals, comments and nested expressions are not clauses", () => {
  const facts = readTableSql(`CREATE TABLE t ( -- the ) table
    id integer CONSTRAINT t_key PRIMARY KEY AUTOINCREMENT,
    /* a, b */ note text DEFAULT 'collate x, as (y)' CHECK (note COLLATE nocase <> 'deferrable'),
    code text COLLATE "NOCASE" NOT NULL DEFAULT (lower('A')),
    total real GENERATED ALWAYS AS (id * 2) STORED,
    parent integer CONSTRAINT t_parent REFERENCES t (id) ON DELETE SET NULL NOT DEFERRABLE NOT NULL,
    CONSTRAINT "t,check" CHECK (total > 0)
  ) STRICT`);
  expect(Object.fromEntries(facts.columns)).toEqual({
    id: expect.objectContaining({ primaryKey: { name: "t_key", autoincrement: true }, collation: null }),
    note: expect.objectContaining({
      collation: null,
      generated: null,
      checks: [{ name: null, expression: "note COLLATE nocase <> 'deferrable'" }],
    }),
    code: expect.objectContaining({ collation: "NOCASE", checks: [] }),
    total: expect.objectContaining({ generated: { expression: "id * 2", storage: "stored" } }),
    parent: expect.objectContaining({
      references: [{ name: "t_parent", deferrable: false, initiallyDeferred: false }],
    }),
  });
  expect(facts.constraints.map(({ name, body }) => ({ name, body }))).toEqual([
    { name: "t,check", body: "CHECK (total > 0)" },
  ]);
  expect(facts.options).toEqual(["STRICT"]);
  expect(facts.unkept).toEqual([]);
});

test("what no model holds is listed as unkept", () => {
  const facts = readTableSql(
    "CREATE TABLE t (id integer PRIMARY KEY DESC ON CONFLICT FAIL, a text UNIQUE ON CONFLICT IGNORE, b int, PRIMARY KEY (b) ON CONFLICT ROLLBACK) WITHOUT ROWID",
  );
  expect(facts.unkept).toEqual([
    'PRIMARY KEY DESC on column "id"',
    'ON CONFLICT FAIL on column "id"',
    'ON CONFLICT IGNORE on column "a"',
    "ON CONFLICT ROLLBACK on PRIMARY KEY (b)",
  ]);
  expect(facts.options).toEqual(["WITHOUT ROWID"]);
});
