import { operations as o, reverse } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteQualified } from "../quote.js";
import { renderPostgres } from "../renderer.js";
import { freshPostgresDatabase, type ScratchDatabase } from "../testing/test-databases.js";

// The rebuild renames the enum aside under `<name>__athanor_old`: for a name of 51+ bytes that
// was over PostgreSQL's 63 and the renderer refused it. The aside name is cut with a hash now.
const ascii = `mood_${"x".repeat(55)}`; // 60 bytes
const multiByte = "☺".repeat(20); // 20 characters, 60 bytes
const prefixTwin = `mood_${"x".repeat(55)}_b`; // shares the 60-byte start: its aside name must differ

describe("rebuilding an enum whose name is near PostgreSQL's 63 bytes", () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await freshPostgresDatabase("enum_long");
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const apply = async (op: Parameters<typeof renderPostgres>[0]) => {
    for (const statement of renderPostgres(op)) await db.connection.query(statement);
  };
  const labels = async (name: string) =>
    (
      await db.connection.query<{ labels: string }>(
        `SELECT enum_range(NULL::${quoteQualified({ name })})::text AS labels`,
      )
    ).rows[0]?.labels;

  it.each([ascii, multiByte, prefixTwin])("%s: drops a value and downgrades back", async (name) => {
    expect(Buffer.byteLength(name)).toBeGreaterThanOrEqual(60);
    const type = quoteQualified({ name });
    const table = { name: `t_${Buffer.byteLength(name)}_${name.length}` };
    await apply(o.createEnum({ name }, ["a", "b", "c"]));
    await apply(o.createTable(table, { columns: [{ name: "v", type, default: `'a'::${type}` }] }));
    await db.connection.query(`INSERT INTO ${quoteQualified(table)} (v) VALUES ('a'), ('c')`);
    const rebuild = o.rebuildEnum({ name }, ["c", "a"], {
      existingValues: ["a", "b", "c"],
      columns: [{ table, column: "v", default: `'a'::${type}` }],
    });
    await apply(rebuild);
    expect(await labels(name)).toBe("{c,a}");
    await apply(reverse(rebuild));
    expect(await labels(name)).toBe("{a,b,c}");
    const values = await db.connection.query<{ v: string }>(
      `SELECT v::text AS v FROM ${quoteQualified(table)} ORDER BY v`,
    );
    expect(values.rows.map((r) => r.v)).toStrictEqual(["a", "c"]);
    // nothing left under an aside name
    const types = await db.connection.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_type WHERE typname LIKE '%athanor_old'",
    );
    expect(types.rows[0]?.n).toBe(0);
  });
});
