import { headerOf, lintRevisions, type Operation, operations as o } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postgresLintRules } from "../lint-rules.js";
import { connectPostgres } from "../postgres-driver.js";
import { renderPostgres } from "../renderer.js";
import { createTestDatabase, type TestServerDatabase } from "../testing/test-server.js";

// Every claim the rewrite rules make, checked against PostgreSQL 15 itself: a table rewrite
// gives the table a new relfilenode. Each case runs on a fresh table with rows; the lint
// verdict (some finding of a rule with rewritesTable) must equal what the server did.
const TABLE = `CREATE TABLE t (id int PRIMARY KEY, c varchar(50), n numeric(10,2), ts timestamp(3), i int, tx text);
INSERT INTO t SELECT g, 'v' || g, g, now(), g, 'x' FROM generate_series(1, 100) g`;

const alter = (column: string, from: string, to: string, using = true): Operation =>
  o.alterColumn("t", column, {
    type: to,
    existingType: from,
    // What autogenerate writes on PostgreSQL: the plain cast, spelled out.
    ...(using ? { using: `"${column}"::${to}`, reverseUsing: `"${column}"::${from}` } : {}),
  });

const CASES: readonly { readonly name: string; readonly op: Operation; readonly rewrites: boolean }[] = [
  {
    name: "varchar(50) → varchar(80), as autogenerate writes it",
    op: alter("c", "character varying(50)", "character varying(80)"),
    rewrites: false,
  },
  {
    name: "varchar(50) → varchar(80) without USING",
    op: alter("c", "varchar(50)", "varchar(80)", false),
    rewrites: false,
  },
  {
    name: "varchar(50) → varchar (limit dropped)",
    op: alter("c", "character varying(50)", "character varying"),
    rewrites: false,
  },
  { name: "varchar(50) → text", op: alter("c", "character varying(50)", "text"), rewrites: false },
  {
    name: "varchar(50) → varchar(10)",
    op: alter("c", "character varying(50)", "character varying(10)"),
    rewrites: true,
  },
  { name: "text → varchar(10)", op: alter("tx", "text", "character varying(10)"), rewrites: true },
  {
    name: "numeric(10,2) → numeric(12,2)",
    op: alter("n", "numeric(10,2)", "numeric(12,2)"),
    rewrites: false,
  },
  { name: "numeric(10,2) → numeric(12,4)", op: alter("n", "numeric(10,2)", "numeric(12,4)"), rewrites: true },
  {
    name: "timestamp(3) → timestamp(6)",
    op: alter("ts", "timestamp(3) without time zone", "timestamp(6) without time zone"),
    rewrites: false,
  },
  { name: "integer → bigint", op: alter("i", "integer", "bigint"), rewrites: true },
  {
    name: "integer → bigint with another USING",
    op: o.alterColumn("t", "i", { type: "bigint", existingType: "integer", using: '"i" * 2' }),
    rewrites: true,
  },
  {
    name: "ADD COLUMN with a volatile default",
    op: o.addColumn("t", { name: "u", type: "uuid", default: "gen_random_uuid()" }),
    rewrites: true,
  },
  {
    name: "ADD COLUMN with now()",
    op: o.addColumn("t", { name: "at", type: "timestamptz", default: "now()" }),
    rewrites: false,
  },
  {
    name: "ADD COLUMN with a constant default",
    op: o.addColumn("t", { name: "k", type: "integer", nullable: false, default: "0" }),
    rewrites: false,
  },
  {
    name: "ADD COLUMN identity",
    op: o.addColumn("t", { name: "seq", type: "bigint", identity: { always: false } }),
    rewrites: true,
  },
  {
    name: "ADD COLUMN stored generated",
    op: o.addColumn("t", { name: "g", type: "integer", generated: { expression: "i * 2" } }),
    rewrites: true,
  },
  { name: "ADD COLUMN nullable", op: o.addColumn("t", { name: "note", type: "text" }), rewrites: false },
];

const REWRITE_RULES = new Set(postgresLintRules.filter((r) => r.rewritesTable).map((r) => r.id));

function lintSaysRewrite(op: Operation): boolean {
  const report = lintRevisions(
    [{ header: headerOf({ id: "r1", upgrade() {}, downgrade() {} }), operations: [op], queries: [] }],
    { rules: postgresLintRules, dialect: { name: "postgresql", version: [15, 0] } },
  );
  return report.findings.some((f) => REWRITE_RULES.has(f.ruleId));
}

describe("the rewrite lint rules agree with PostgreSQL 15 (relfilenode before and after)", () => {
  let db: TestServerDatabase;
  let conn: Awaited<ReturnType<typeof connectPostgres>>;
  beforeAll(async () => {
    db = await createTestDatabase("rewrite");
    conn = await connectPostgres({ url: db.url });
  });
  afterAll(async () => {
    await conn?.close();
    await db?.drop();
  });

  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await conn.executeScript(["DROP TABLE IF EXISTS t", ...TABLE.split(";\n")]);
    const node = async () =>
      (await conn.query<{ n: string }>("SELECT relfilenode::text AS n FROM pg_class WHERE relname = 't'"))
        .rows[0]?.n;
    const before = await node();
    await conn.executeScript(renderPostgres(c.op));
    const rewritten = (await node()) !== before;
    expect(rewritten, "the server").toBe(c.rewrites);
    expect(lintSaysRewrite(c.op), "lint").toBe(c.rewrites);
  });
});
