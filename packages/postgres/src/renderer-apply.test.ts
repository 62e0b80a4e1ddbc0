import type { Operation, OperationKind } from "@athanor/core";
import { OPERATION_KINDS, operations as o, reverse, reverseAll } from "@athanor/core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteIdent, quoteQualified } from "./quote.js";
import { renderPostgres } from "./renderer.js";
import { freshPglite } from "./testing/fresh-pglite.js";

// Proves the rendered SQL is valid: every kind is applied to a real database, then the
// reverse of everything reversible is applied, which must leave nothing behind. What the
// database then looks like in detail is the conformance suite's job, not this file's.

const SERVER_URL = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const S = 'Schéma "x" select';
const parent = { schema: S, name: "Order Table" };
const child = { schema: S, name: "child ✓" };
const feel = quoteQualified({ schema: S, name: "feel ✓" });
const childRenamed = { schema: S, name: "child renamed" };
const mood = { schema: S, name: "mood ☺" };
const seq = { schema: S, name: "seq" };

function scenario(namedNotNull: boolean): Operation[] {
  const tmp = { columns: [{ name: "id", type: "integer" }], comment: "tmp" };
  return [
    o.createSchema(S),
    o.createEnum(mood, ["sad", "ok", "happy"]),
    o.createSequence(seq, {
      dataType: "bigint",
      start: 10,
      increment: 2,
      cache: 5,
      minValue: 1,
      maxValue: 1000,
    }),
    o.alterSequence(seq, { increment: 3, cycle: true }, { existing: { increment: 2, cycle: false } }),
    o.createTable(parent, {
      columns: [
        { name: "id", type: "bigint", identity: { always: true, start: 100 } },
        {
          name: "select",
          type: "text",
          nullable: false,
          default: "'x'",
          collation: "C",
          comment: "it's reserved",
        },
        { name: "upper", type: "text", generated: { expression: `upper(${quoteIdent("select")})` } },
        { name: "mood", type: quoteQualified(mood) },
        { name: "data", type: "jsonb" },
        { name: "at", type: "timestamp with time zone", default: "now()" },
        { name: "flag", type: "boolean" },
        { name: "n", type: "double precision" },
      ],
      primaryKey: { name: "parent pkey", columns: ["id"] },
      uniques: [{ name: "parent sel", columns: ["select"], nullsNotDistinct: true }],
      checks: [{ name: "parent ck", expression: `${quoteIdent("select")} <> ''` }],
      comment: "parents",
    }),
    o.createTable(child, {
      columns: [
        { name: "id", type: "bigint", identity: { always: false } },
        { name: "parent_id", type: "bigint" },
        { name: "amount", type: "text" },
        { name: "note", type: "text" },
      ],
      primaryKey: { name: "child pkey", columns: ["id"] },
      foreignKeys: [
        { name: "inline fk", columns: ["parent_id"], references: { table: parent, columns: ["id"] } },
      ],
    }),
    o.addColumn(child, {
      name: "Tag ✓",
      type: "integer[]",
      nullable: false,
      default: "'{}'",
      comment: "tags",
    }),
    o.alterColumn(child, "amount", {
      type: "numeric(12,2)",
      using: '"amount"::numeric',
      existingType: "text",
      reverseUsing: '"amount"::text',
    }),
    o.alterColumn(child, "note", {
      nullable: false,
      existingNullable: true,
      default: "'n'",
      existingDefault: null,
      comment: "a note",
      existingComment: null,
    }),
    o.renameColumn(child, "note", "remark"),
    o.createIndex(
      "idx ✓",
      child,
      [
        { column: "remark", opclass: "text_pattern_ops", order: "desc", nulls: "last" },
        { expression: "lower(remark)" },
      ],
      {
        unique: true,
        method: "btree",
        include: ["amount"],
        nullsNotDistinct: true,
        where: "amount > 0",
      },
    ),
    o.createIndex("gin idx", child, ["Tag ✓"], { method: "gin", concurrently: true }),
    o.renameIndex(child, "gin idx", 'gin "idx" ✓'),
    o.renameIndex(child, 'gin "idx" ✓', "gin idx"),
    o.addForeignKey("fk", child, {
      columns: ["parent_id"],
      references: { table: parent, columns: ["id"] },
      onDelete: "cascade",
      onUpdate: "restrict",
      match: "full",
      deferrable: true,
      initiallyDeferred: true,
      notValid: true,
    }),
    o.validateConstraint("fk", child),
    o.addCheck("ck", child, '"amount" >= 0', { notValid: true }),
    o.validateConstraint("ck", child),
    o.addUnique("uq", child, ["parent_id", "remark"], { deferrable: true }),
    o.renameConstraint(child, "uq", "uq ✓"),
    o.dropConstraint("child pkey", child, { existing: { type: "primaryKey", columns: ["id"] } }),
    o.addPrimaryKey("child pk2", child, ["id"]),
    o.addEnumValue(mood, "meh", { before: "happy" }),
    o.addEnumValue(mood, "wow", { after: "happy" }),
    o.renameEnumValue(mood, "ok", "fine"),
    o.createEnum({ schema: S, name: "feel" }, ["a", "b", "c"]),
    o.renameEnum({ schema: S, name: "feel" }, "feel ✓"),
    o.addColumn(child, { name: "feel", type: feel, default: `'a'::${feel}` }),
    o.rebuildEnum({ schema: S, name: "feel ✓" }, ["c", "a"], {
      existingValues: ["a", "b", "c"],
      columns: [{ table: child, column: "feel", default: `'a'::${feel}` }],
    }),
    o.alterIndexStorage("gin idx", child, { set: { fastupdate: "off" } }, { existing: { fastupdate: null } }),
    o.alterColumnIdentity(child, "id", { always: true, increment: 2 }, { existing: { always: false } }),
    o.alterColumnCollation(child, "remark", "text", "C", { existing: null }),
    o.setTableComment(child, "kids", { existing: null }),
    o.execute(`CREATE VIEW ${quoteQualified({ schema: S, name: "v" })} AS SELECT 1 AS one`, {
      down: `DROP VIEW ${quoteQualified({ schema: S, name: "v" })}`,
    }),
    o.createView({ schema: S, name: "v ✓" }, `SELECT "select" FROM ${quoteQualified(parent)}`, {
      with: { security_barrier: "true" },
    }),
    o.createView({ schema: S, name: "mv" }, "SELECT 1 AS one", { materialized: true }),
    o.dropView(
      { schema: S, name: "mv" },
      { materialized: true, existing: { definition: "SELECT 1 AS one" } },
    ),
    o.enableRowLevelSecurity(parent),
    o.createPolicy("pol ✓", parent, {
      as: "restrictive",
      for: "update",
      to: ["current_user"],
      using: "true",
    }),
    o.createPolicy("gone", parent, { withCheck: "false" }),
    o.dropPolicy("gone", parent, { existing: { withCheck: "false" } }),
    o.disableRowLevelSecurity(parent),
    o.bulkInsert(parent, [
      {
        select: "o'x\\y",
        mood: "sad",
        data: { a: [1, "two"], b: null },
        at: new Date("2024-01-02T03:04:05Z"),
        flag: true,
        n: -1.5,
      },
      { select: "ünï", mood: "fine", data: null, flag: false },
    ]),
    o.renameTable(child, childRenamed.name),
    o.dropIndex("gin idx", childRenamed, {
      concurrently: true,
      existing: { keys: ["Tag ✓"], method: "gin" },
    }),
    o.dropColumn(childRenamed, "Tag ✓", {
      existing: { type: "integer[]", nullable: false, default: "'{}'", comment: "tags" },
    }),
    o.dropIndex("idx ✓", childRenamed, {
      existing: { keys: [{ column: "remark" }], unique: true },
    }),
    o.createTable({ schema: S, name: "tmp" }, tmp),
    o.dropTable({ schema: S, name: "tmp" }, { existing: tmp }),
    o.createEnum({ schema: S, name: "e2" }, ["a"]),
    o.dropEnum({ schema: S, name: "e2" }, { existingValues: ["a"] }),
    o.renameSequence(seq, 'seq "✓"'),
    o.dropSequence({ schema: S, name: 'seq "✓"' }, { existing: { dataType: "bigint", start: 10 } }),
    o.createSchema("second schema"),
    o.dropSchema("second schema"),
    // A column kept in step with another under hostile names, through a conversion over NEW.
    o.addColumn(childRenamed, { name: 'remark "copy"', type: "varchar(80)" }),
    o.createSyncTrigger('sync ✓ "$$"', childRenamed, {
      source: "remark",
      target: 'remark "copy"',
      twoWay: true,
      toTarget: 'NEW."remark"::varchar(80)',
      toSource: 'NEW."remark ""copy"""::text',
    }),
    o.createSyncTrigger("gone sync", childRenamed, {
      source: "remark",
      target: 'remark "copy"',
      twoWay: false,
    }),
    o.dropSyncTrigger("gone sync", childRenamed, {
      source: "remark",
      target: 'remark "copy"',
      twoWay: false,
    }),
    // The dependents check passes over the sync trigger it is told the revision drops itself.
    o.requireNoDependents(childRenamed, ["remark", 'remark "copy"'], { syncTriggers: ['sync ✓ "$$"'] }),
    // every remark fits: the check passes, changing nothing
    o.requireValuesFit(childRenamed, "remark", "character varying(1000)"),
    // PostgreSQL 18's named NOT NULL (PGlite is 18; the 15 server has none).
    ...(namedNotNull ? [o.addNotNull('nn ✓ "x"', childRenamed, 'remark "copy"', { notValid: true })] : []),
  ];
}

function reversible(op: Operation): boolean {
  try {
    reverse(op);
    return true;
  } catch {
    return false;
  }
}

type Exec = (statement: string) => Promise<unknown>;

async function applyAll(exec: Exec, ops: readonly Operation[]): Promise<void> {
  for (const op of ops) {
    for (const statement of renderPostgres(op)) {
      try {
        await exec(statement);
      } catch (e) {
        throw new Error(`${op.kind} failed: ${statement}\n${(e as Error).message}`);
      }
    }
  }
}

interface TestDb {
  exec: Exec;
  rows: (query: string) => Promise<readonly Record<string, unknown>[]>;
  schemaCount: (name: string) => Promise<number>;
  close: () => Promise<void>;
}

function runScenario(label: string, connect: () => Promise<TestDb>, namedNotNull: boolean) {
  describe(`rendered SQL executes on ${label}`, () => {
    const ops = scenario(namedNotNull);
    let db: TestDb;
    beforeAll(async () => {
      db = await connect();
    }, 120_000); // PGlite's WASM start-up is slow on a loaded machine (48–53 s for four at once at load ~25)
    afterAll(async () => {
      await db?.close();
    });

    it("covers every operation kind", () => {
      const kinds = new Set<OperationKind>(ops.map((op) => op.kind));
      const expected = OPERATION_KINDS.filter((k) => namedNotNull || k !== "addNotNull");
      expect([...kinds].sort()).toStrictEqual([...expected].sort());
    });

    it("applies every operation, then the reverse of every reversible one, leaving no trace", async () => {
      await applyAll(db.exec, ops);
      expect(await db.schemaCount(S)).toBe(1);
      // Literals arrive intact (a missing key takes the DEFAULT now()), and enum labels sit where BEFORE/AFTER put them.
      const inserted = await db.rows(
        `SELECT "select", mood::text AS mood, data::text AS data, at = '2024-01-02T03:04:05Z' AS at_ok, flag, n FROM ${quoteQualified(parent)} ORDER BY id`,
      );
      expect(inserted).toStrictEqual([
        {
          select: "o'x\\y",
          mood: "sad",
          data: '{"a": [1, "two"], "b": null}',
          at_ok: true,
          flag: true,
          n: -1.5,
        },
        { select: "ünï", mood: "fine", data: null, at_ok: false, flag: false, n: null },
      ]);
      const labels = await db.rows(`SELECT enum_range(NULL::${quoteQualified(mood)})::text AS labels`);
      expect(labels).toStrictEqual([{ labels: "{sad,fine,meh,happy,wow}" }]);
      await applyAll(db.exec, reverseAll(ops.filter(reversible)));
      expect(await db.schemaCount(S)).toBe(0);
      expect(await db.schemaCount("second schema")).toBe(0);
    }, 30_000);
  });
}

runScenario(
  "PGlite",
  async () => {
    const pg = await freshPglite();
    return {
      exec: (statement) => pg.exec(statement),
      rows: async (query) => (await pg.query<Record<string, unknown>>(query)).rows,
      schemaCount: async (name) =>
        (await pg.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [name])).rows.length,
      close: () => pg.close(),
    };
  },
  true,
);

runScenario(
  "PostgreSQL server",
  async () => {
    const database = `athanor_render_${process.pid}_${Date.now()}`;
    const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    await admin.unsafe(`CREATE DATABASE ${quoteIdent(database)}`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${database}`;
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
    return {
      exec: (statement) => sql.unsafe(statement),
      rows: async (query) => [...(await sql.unsafe(query))],
      schemaCount: async (name) => (await sql`SELECT 1 FROM pg_namespace WHERE nspname = ${name}`).length,
      close: async () => {
        await sql.end();
        await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
        await admin.end();
      },
    };
  },
  false,
);
