import { operations as o, reverse } from "@athanor/core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPostgres } from "./renderer.js";

// An index's storage parameters take effect on the pages written after they are set, so an
// index built and then altered (`CREATE INDEX` + `ALTER INDEX … SET`) keeps the default layout
// for every row the table already had. Building it `WITH (...)` is what the model asks for.

const SERVER_URL = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const S = "athanor_index_storage_at_build";
const sql = postgres(SERVER_URL, { max: 1, onnotice: () => {} });

async function apply(op: Parameters<typeof renderPostgres>[0]): Promise<void> {
  for (const statement of renderPostgres(op)) await sql.unsafe(statement);
}

async function indexSize(name: string): Promise<{ bytes: number; options: string[] | null }> {
  const [row] = await sql.unsafe<{ bytes: string; options: string[] | null }[]>(
    `SELECT pg_relation_size(c.oid)::text AS bytes, c.reloptions AS options
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = '${S}' AND c.relname = '${name}'`,
  );
  if (row === undefined) throw new Error(`no index ${name}`);
  return { bytes: Number(row.bytes), options: row.options };
}

beforeAll(async () => {
  await sql.unsafe(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
  await sql.unsafe(`CREATE SCHEMA ${S}`);
  await sql.unsafe(`CREATE TABLE ${S}.t (a integer)`);
  await sql.unsafe(`INSERT INTO ${S}.t SELECT g FROM generate_series(1, 50000) g`);
});

afterAll(async () => {
  await sql.unsafe(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
  await sql.end();
});

describe("createIndex with storage parameters (issue: fillfactor set after the build)", () => {
  const table = { schema: S, name: "t" };

  it("builds the index with them: the same pages as a hand-written WITH, unlike build-then-alter", async () => {
    const built = o.createIndex("built", table, ["a"], { with: { fillfactor: "70" } });
    expect(renderPostgres(built)).toEqual([
      `CREATE INDEX "built" ON "${S}"."t" ("a") WITH ("fillfactor" = 70)`,
    ]);
    await apply(built);
    await sql.unsafe(`CREATE INDEX by_hand ON ${S}.t (a) WITH (fillfactor = 70)`);
    await apply(o.createIndex("altered", table, ["a"]));
    await apply(o.alterIndexStorage("altered", table, { set: { fillfactor: "70" } }));

    const [builtSize, byHand, altered] = await Promise.all([
      indexSize("built"),
      indexSize("by_hand"),
      indexSize("altered"),
    ]);
    expect(builtSize).toEqual(byHand);
    expect(builtSize.options).toEqual(["fillfactor=70"]);
    // the two-step form carries the same reloptions but packs the existing rows at the default 90 %
    expect(altered.options).toEqual(["fillfactor=70"]);
    expect(altered.bytes).toBeLessThan(builtSize.bytes);
  });

  it("the inverse records them and the inverse of the inverse builds the same index", async () => {
    const created = o.createIndex("twice", table, ["a"], {
      where: "a > 10",
      with: { fillfactor: "80", deduplicate_items: "off" },
    });
    const dropped = reverse(created);
    expect(dropped).toMatchObject({
      kind: "dropIndex",
      existing: { with: { deduplicate_items: "off", fillfactor: "80" } },
    });
    expect(reverse(dropped)).toEqual(created);
    await apply(created);
    expect((await indexSize("twice")).options).toEqual(["deduplicate_items=off", "fillfactor=80"]);
    await apply(dropped);
    await apply(reverse(dropped));
    expect((await indexSize("twice")).options).toEqual(["deduplicate_items=off", "fillfactor=80"]);
  });

  it("a parameter name that is not one is refused before any SQL", () => {
    expect(() =>
      o.createIndex("bad", table, ["a"], { with: { 'fillfactor") ; DROP TABLE t; --': "1" } }),
    ).toThrow(/not a storage parameter name/);
    expect(() => o.createIndex("bad", table, ["a"], { with: { fillfactor: "" } })).toThrow(
      /with\.fillfactor must be text/,
    );
  });
});
