import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Dialect,
  defineRevision,
  downgrade,
  type Operation,
  type RenderContext,
  upgrade,
} from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { introspectSqlite } from "./introspector.js";
import { sqliteTestTargets } from "./testing/targets.js";

// Several changes to one table in a revision are ONE move-and-copy (Alembic's batch_alter_table),
// with every rebuild rule kept. better-sqlite3 and D1 here (the rule differences are theirs);
// rebuild.test.ts runs the single-change rebuilds on every driver.
const CHILDREN = 2_000;
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-rebuild-batch-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const base = defineRevision({
  id: "a1",
  parents: [],
  upgrade: (op) => {
    op.createTable("parents", {
      columns: [
        { name: "id", type: "integer", nullable: false },
        { name: "name", type: "text", nullable: false, default: "'anon'" },
        { name: "legacy", type: "text" },
        { name: "score", type: "integer" },
      ],
      primaryKey: { name: "parents_pkey", columns: ["id"] },
    });
    op.createTable("children", {
      columns: [
        { name: "id", type: "integer", nullable: false },
        { name: "parent_id", type: "integer", nullable: false },
      ],
      primaryKey: { name: "children_pkey", columns: ["id"] },
      foreignKeys: [
        {
          name: "children_parent_fk",
          columns: ["parent_id"],
          references: { table: "parents", columns: ["id"] },
          onDelete: "cascade",
        },
      ],
    });
    op.createIndex("parents_name_idx", "parents", ["name"]);
    op.createView("parent_names", "SELECT id, name FROM parents");
    const series = (n: number) =>
      `WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < ${n})`;
    op.execute(
      `INSERT INTO parents (id, name, legacy, score) ${series(100)} SELECT value, 'p' || value, 'l', value FROM s`,
    );
    op.execute(
      `INSERT INTO children (id, parent_id) ${series(CHILDREN)} SELECT value, 1 + value % 100 FROM s`,
    );
  },
  downgrade: (op) => {
    op.dropView("parent_names");
    op.dropTable("children");
    op.dropTable("parents");
  },
});

// three changes to the parent, each a rebuild on its own
const threeChanges = defineRevision({
  id: "b2",
  parents: ["a1"],
  upgrade: (op) => {
    op.alterColumn("parents", "name", { default: "'nobody'", existingDefault: "'anon'" });
    op.alterColumn("parents", "legacy", { nullable: false, default: "'l'", existingNullable: true });
    op.addCheck("parents_score_positive", "parents", "score > 0");
  },
  downgrade: (op) => {
    op.dropConstraint("parents_score_positive", "parents");
    op.alterColumn("parents", "legacy", { nullable: true, default: null, existingNullable: false });
    op.alterColumn("parents", "name", { default: "'anon'", existingDefault: "'nobody'" });
  },
});

/** The dialect, keeping every statement its renderers write. */
function recording(dialect: Dialect): { dialect: Dialect; written: string[] } {
  const written: string[] = [];
  const keep = (statements: readonly string[]) => {
    written.push(...statements);
    return statements;
  };
  return {
    written,
    dialect: {
      ...dialect,
      render: (op: Operation, context?: RenderContext) => keep(dialect.render(op, context)),
      renderBatch: (ops: readonly Operation[], context?: RenderContext) =>
        keep((dialect.renderBatch as NonNullable<Dialect["renderBatch"]>)(ops, context)),
    },
  };
}

const rebuildsOf = (written: readonly string[]) =>
  written.join("\n").match(/CREATE TABLE "__athanor_new_parents"/g)?.length ?? 0;

const targets = sqliteTestTargets().filter((t) => t.driver === "better-sqlite3" || t.driver === "d1");

describe.each(targets)("one rebuild for several changes ($driver)", (target) => {
  afterAll(() => target.dispose());

  test("three changes on a parent with ON DELETE CASCADE children are one rebuild; every child survives; the downgrade (one rebuild) restores the schema", async () => {
    const path = join(folder, `${target.driver}.sqlite`);
    const look = async () => {
      const conn = await target.dialect(path).connect();
      try {
        const model = await introspectSqlite(conn);
        const count = async (sql: string) => Number(Object.values((await conn.query(sql)).rows[0] ?? {})[0]);
        const fk = await conn.query("SELECT on_delete FROM pragma_foreign_key_list('children')");
        const violations = await conn.query("SELECT * FROM pragma_foreign_key_check");
        const integrity = await conn.query(target.integrityCheck);
        return {
          parents: model.tables.find((t) => t.name === "parents"),
          children: await count("SELECT count(*) FROM children"),
          viewRows: await count("SELECT count(*) FROM parent_names"),
          indexes: await count(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'parents_name_idx'",
          ),
          onDelete: fk.rows,
          violations: violations.rows.length,
          integrity: integrity.rows,
        };
      } finally {
        await conn.close();
      }
    };
    const revisions = [base, threeChanges];
    expect((await upgrade({ dialect: target.dialect(path), revisions }, "a1")).error).toBeUndefined();
    const before = await look();
    expect(before.children).toBe(CHILDREN);

    const up = recording(target.dialect(path));
    expect((await upgrade({ dialect: up.dialect, revisions }, "heads")).error).toBeUndefined();
    expect(rebuildsOf(up.written)).toBe(1);
    const after = await look();
    expect(after).toMatchObject({
      children: CHILDREN,
      viewRows: 100,
      indexes: 1,
      onDelete: [{ on_delete: "CASCADE" }],
      violations: 0,
      integrity: [{ [Object.keys(before.integrity[0] as object)[0] as string]: "ok" }],
    });
    const column = (name: string) => after.parents?.columns.find((c) => c.name === name);
    expect(column("name")?.default).toBe("'nobody'");
    expect(column("legacy")).toMatchObject({ nullable: false, default: "'l'" });
    expect(after.parents?.checks.map((c) => c.name)).toEqual(["parents_score_positive"]);

    const down = recording(target.dialect(path));
    expect((await downgrade({ dialect: down.dialect, revisions }, "a1")).error).toBeUndefined();
    expect(rebuildsOf(down.written)).toBe(1);
    const restored = await look();
    expect(restored).toEqual(before);
  });
});

test("a `using` copy over a row an earlier change of the run altered starts a rebuild of its own; after constraint-only changes it joins", async () => {
  const path = join(folder, "using.sqlite");
  const target = targets[0] as (typeof targets)[number];
  const revisions = [
    base,
    defineRevision({
      id: "c3",
      parents: ["a1"],
      upgrade: (op) => {
        op.addCheck("parents_score_known", "parents", "score IS NOT NULL");
        op.alterColumn("parents", "score", { type: "text", using: "'#' || score" }); // joins: one rebuild
        op.alterColumn("parents", "legacy", { default: "'m'" });
        op.alterColumn("parents", "name", { type: "text", using: "name || '!'" }); // reads a changed row: its own
        op.alterColumn("parents", "score", { nullable: false }); // joins the one before
      },
      downgrade: () => undefined,
    }),
  ];
  const up = recording(target.dialect(path));
  expect((await upgrade({ dialect: up.dialect, revisions }, "heads")).error).toBeUndefined();
  expect(rebuildsOf(up.written)).toBe(2);
  const conn = await target.dialect(path).connect();
  try {
    const rows = await conn.query("SELECT name, score, legacy FROM parents WHERE id = 7");
    expect(rows.rows).toEqual([{ name: "p7!", score: "#7", legacy: "l" }]);
    const parents = (await introspectSqlite(conn)).tables.find((t) => t.name === "parents");
    expect(parents?.columns.find((c) => c.name === "score")).toMatchObject({ type: "text", nullable: false });
    expect(parents?.columns.find((c) => c.name === "legacy")?.default).toBe("'m'");
    expect(Number(Object.values((await conn.query("SELECT count(*) FROM children")).rows[0] ?? {})[0])).toBe(
      CHILDREN,
    );
  } finally {
    await conn.close();
  }
});

describe.each(targets)("an ADD COLUMN between two rebuilds of the table ($driver)", (target) => {
  afterAll(() => target.dispose());

  test("joins the run: one rebuild, the new columns hold what ADD COLUMN gives, every child survives; the downgrade is one rebuild too", async () => {
    const path = join(folder, `add-column-${target.driver}.sqlite`);
    const revisions = [
      base,
      defineRevision({
        id: "d4",
        parents: ["a1"],
        upgrade: (op) => {
          op.alterColumn("parents", "name", { default: "'nobody'", existingDefault: "'anon'" });
          op.addColumn("parents", { name: "tier", type: "text", nullable: false, default: "'free'" }); // in place alone
          op.addColumn("parents", { name: "note", type: "text" });
          op.addCheck("parents_tier_known", "parents", "tier <> ''");
        },
        downgrade: (op) => {
          op.dropConstraint("parents_tier_known", "parents");
          op.dropColumn("parents", "note");
          op.dropColumn("parents", "tier");
          op.alterColumn("parents", "name", { default: "'anon'", existingDefault: "'nobody'" });
        },
      }),
    ];
    const schema = async () => {
      const conn = await target.dialect(path).connect();
      try {
        const rows = await conn.query("SELECT * FROM parents WHERE id IN (1, 100) ORDER BY id");
        const children = await conn.query("SELECT count(*) AS n FROM children");
        return {
          parents: (await introspectSqlite(conn)).tables.find((t) => t.name === "parents"),
          rows: rows.rows,
          children: Number((children.rows[0] as { n: number }).n),
        };
      } finally {
        await conn.close();
      }
    };
    expect((await upgrade({ dialect: target.dialect(path), revisions }, "a1")).error).toBeUndefined();
    const before = await schema();
    const up = recording(target.dialect(path));
    expect((await upgrade({ dialect: up.dialect, revisions }, "heads")).error).toBeUndefined();
    expect(rebuildsOf(up.written)).toBe(1);
    expect(up.written.join("\n")).not.toContain("ADD COLUMN");
    const after = await schema();
    expect(after.rows).toEqual([
      { id: 1, name: "p1", legacy: "l", score: 1, tier: "free", note: null },
      { id: 100, name: "p100", legacy: "l", score: 100, tier: "free", note: null },
    ]);
    expect(after.children).toBe(CHILDREN);
    expect(after.parents?.columns.find((c) => c.name === "tier")).toMatchObject({
      nullable: false,
      default: "'free'",
    });
    expect(after.parents?.checks.map((c) => c.name)).toEqual(["parents_tier_known"]);

    const down = recording(target.dialect(path));
    expect((await downgrade({ dialect: down.dialect, revisions }, "a1")).error).toBeUndefined();
    expect(rebuildsOf(down.written)).toBe(1);
    expect(await schema()).toEqual(before);
  });
});
