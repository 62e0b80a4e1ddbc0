import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Connection,
  defineRevision,
  diffSchemaModels,
  downgrade,
  formatSchemaDifferences,
  isAthanorError,
  operations,
  type RevisionDefinition,
  type SchemaModel,
  upgrade,
} from "@athanor/core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { introspectSqlite } from "./introspector.js";
import { sqliteDialect } from "./sqlite-dialect.js";
import { engineTests } from "./testing/engine-tests.js";
import { type SqliteTestTarget, sqliteTestTargets } from "./testing/targets.js";

// 10,000 children in CI; ATHANOR_SQLITE_CHILDREN raises it for a bigger trial.
const CHILDREN = Number(process.env.ATHANOR_SQLITE_CHILDREN ?? 10_000);
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-rebuild-"));
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
    op.createIndex("children_parent_idx", "children", ["parent_id"]);
    op.createIndex("parents_name_idx", "parents", ["name"]);
    op.createIndex("parents_legacy_idx", "parents", ["legacy"]);
    op.createView("parent_names", "SELECT id, name FROM parents");
    op.execute(
      `CREATE TRIGGER parents_touch AFTER UPDATE OF name ON parents BEGIN UPDATE parents SET score = coalesce(score, 0) + 1 WHERE id = NEW.id; END`,
    );
    // better-sqlite3 builds SQLite without generate_series: a recursive CTE counts instead.
    const series = (n: number) =>
      `WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < ${n})`;
    op.execute(
      `INSERT INTO parents (id, name, legacy) ${series(100)} SELECT value, 'p' || value, 'l' FROM s`,
    );
    op.execute(
      `INSERT INTO children (id, parent_id) ${series(CHILDREN)} SELECT value, 1 + value % 100 FROM s`,
    );
  },
  downgrade: (op) => {
    op.execute("DROP TRIGGER parents_touch");
    op.dropView("parent_names");
    op.dropTable("children");
    op.dropTable("parents");
  },
});

// Each reshapes the parent: every one of them is a rebuild of `parents` under 10,000 CASCADE children.
const reshapes: RevisionDefinition[] = [
  defineRevision({
    id: "b1",
    parents: ["a1"],
    upgrade: (op) => op.alterColumn("parents", "name", { default: "'nobody'", existingDefault: "'anon'" }),
    downgrade: (op) => op.alterColumn("parents", "name", { default: "'anon'", existingDefault: "'nobody'" }),
  }),
  defineRevision({
    id: "b2",
    parents: ["b1"],
    upgrade: (op) => op.alterColumn("parents", "name", { nullable: true, existingNullable: false }),
    downgrade: (op) => op.alterColumn("parents", "name", { nullable: false, existingNullable: true }),
  }),
  defineRevision({
    id: "b3",
    parents: ["b2"],
    upgrade: (op) => op.alterColumn("parents", "score", { type: "real", existingType: "integer" }),
    downgrade: (op) => op.alterColumn("parents", "score", { type: "integer", existingType: "real" }),
  }),
  defineRevision({
    id: "b4",
    parents: ["b3"],
    upgrade: (op) => op.addCheck("parents_id_positive", "parents", "id > 0"),
    downgrade: (op) => op.dropConstraint("parents_id_positive", "parents"),
  }),
  defineRevision({
    id: "b5",
    parents: ["b4"],
    // indexed: ALTER TABLE DROP COLUMN refuses, so this is a rebuild too
    upgrade: (op) => op.dropColumn("parents", "legacy", { existing: { type: "text", nullable: true } }),
    downgrade: (op) => {
      op.addColumn("parents", { name: "legacy", type: "text" });
      op.createIndex("parents_legacy_idx", "parents", ["legacy"]);
    },
  }),
];

const targets = sqliteTestTargets();
afterAll(async () => {
  for (const target of targets) await target.dispose();
});
let target = targets[0] as SqliteTestTarget;

async function withConn<T>(file: string, f: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await target.dialect(file).connect();
  try {
    return await f(conn);
  } finally {
    await conn.close();
  }
}

const count = async (conn: Connection, table: string) =>
  Number((await conn.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

/** Downgrades `file` to a1: every child kept, the database healthy, the schema exactly `start`. */
async function downgradeRestores(
  file: string,
  revisions: RevisionDefinition[],
  start: SchemaModel,
): Promise<void> {
  const down = await downgrade({ dialect: target.dialect(file), revisions }, "a1");
  expect(down.error, String(down.error?.message)).toBeUndefined();
  await withConn(file, async (conn) => {
    expect(await count(conn, "children")).toBe(CHILDREN);
    await healthy(conn);
    const differences = diffSchemaModels(
      start,
      await introspectSqlite(conn, { versionTable: "athanor_version" }),
    );
    expect(differences, formatSchemaDifferences(differences)).toEqual([]);
  });
}

async function healthy(conn: Connection): Promise<void> {
  const integrity = await conn.query<Record<string, unknown>>(target.integrityCheck);
  expect(integrity.rows.map((r) => Object.values(r)[0])).toEqual(["ok"]);
  expect((await conn.query("PRAGMA foreign_key_check")).rows).toEqual([]);
}

// D1 runs a seeded half of these tests in CI (engine-tests.ts); the file drivers run all of them.
describe.each(targets.map((t) => [t.driver, engineTests(t.driver).note, t] as const))(
  "SQLite table rebuilds keep every row (%s)%s",
  (name, _note, each) => {
    const { test } = engineTests(name);
    beforeAll(() => {
      target = each;
    });

    test(`changing the parent's default, nullability, type, check and dropping an indexed column keeps all ${CHILDREN} ON DELETE CASCADE children; downgrade restores the schema`, async () => {
      const file = join(folder, `cascade-${name.replace("/", "+")}.db`);
      const dialect = target.dialect(file);
      const first = await upgrade({ dialect, revisions: [base] }, "heads");
      expect(first.error).toBeUndefined();
      const start = await withConn(file, (c) => introspectSqlite(c, { versionTable: "athanor_version" }));

      for (const revision of reshapes) {
        const up = await upgrade({ dialect, revisions: [base, ...reshapes] }, revision.id);
        expect(up.error, `${revision.id}: ${String(up.error?.message)}`).toBeUndefined();
        await withConn(file, async (conn) => {
          expect(await count(conn, "children"), `children after ${revision.id}`).toBe(CHILDREN);
          expect(await count(conn, "parents")).toBe(100);
          await healthy(conn);
          const fk = await conn.query<{ table: string; on_delete: string }>(
            "SELECT \"table\", on_delete FROM pragma_foreign_key_list('children')",
          );
          expect(fk.rows).toEqual([{ table: "parents", on_delete: "CASCADE" }]);
          const objects = await conn.query<{ name: string }>(
            "SELECT name FROM sqlite_schema WHERE type IN ('index', 'view', 'trigger') ORDER BY name",
          );
          const names = objects.rows.map((r) => r.name);
          expect(names).toEqual(
            expect.arrayContaining([
              "children_parent_idx",
              "parents_name_idx",
              "parent_names",
              "parents_touch",
            ]),
          );
        });
      }

      const model = await withConn(file, (c) => introspectSqlite(c, { versionTable: "athanor_version" }));
      const parents = model.tables.find((t) => t.name === "parents");
      expect(parents?.columns.map((c) => [c.name, c.type, c.nullable, c.default])).toEqual([
        ["id", "integer", false, null],
        ["name", "text", true, "'nobody'"],
        ["score", "real", true, null],
      ]);
      expect(parents?.checks).toEqual([
        { name: "parents_id_positive", expression: "id > 0", validated: true },
      ]);

      // The trigger still fires on the rebuilt table.
      await withConn(file, async (conn) => {
        await conn.query("UPDATE parents SET name = 'renamed' WHERE id = 1");
        expect(
          (await conn.query<{ score: number }>("SELECT score FROM parents WHERE id = 1")).rows[0]?.score,
        ).toBe(1);
        await conn.query("UPDATE parents SET score = NULL WHERE id = 1");
      });

      const down = await downgrade({ dialect, revisions: [base, ...reshapes] }, "a1");
      expect(down.error, String(down.error?.message)).toBeUndefined();
      await withConn(file, async (conn) => {
        expect(await count(conn, "children")).toBe(CHILDREN);
        await healthy(conn);
        const back = await introspectSqlite(conn, { versionTable: "athanor_version" });
        // A re-added column comes last (as on PostgreSQL): everything else is as it was.
        const differences = diffSchemaModels(start, back).filter((d) => !d.path.includes("column order"));
        expect(differences, formatSchemaDifferences(differences)).toEqual([]);
      });
    });

    test("drop a column an FK uses, drop an FK, add a column with an FK ON DELETE SET NULL, change a generated column — FK actions read back from pragma_foreign_key_list; downgrades restore the schema", async () => {
      const file = join(folder, `fk-shapes-${name.replace("/", "+")}.db`);
      const dialect = target.dialect(file);
      const steps: RevisionDefinition[] = [
        defineRevision({
          id: "f1",
          parents: ["a1"],
          upgrade: (op) => {
            op.addColumn("children", { name: "twin_id", type: "integer" });
            op.addForeignKey("children_twin_fk", "children", {
              columns: ["twin_id"],
              references: { table: "parents", columns: ["id"] },
              onDelete: "set null",
            });
            op.addColumn("children", {
              name: "double_id",
              type: "integer",
              generated: { expression: "id * 2", storage: "virtual" },
            });
          },
          downgrade: (op) => {
            op.dropColumn("children", "double_id");
            op.dropConstraint("children_twin_fk", "children", {
              existing: {
                type: "foreignKey",
                columns: ["twin_id"],
                references: { table: { name: "parents" }, columns: ["id"] },
                onDelete: "set null",
              },
            });
            op.dropColumn("children", "twin_id");
          },
        }),
        defineRevision({
          id: "f2",
          parents: ["f1"],
          upgrade: (op) =>
            op.alterColumn("children", "double_id", {
              generated: { expression: "id * 3", storage: "virtual" },
              existingGenerated: { expression: "id * 2", storage: "virtual" },
            }),
          downgrade: (op) =>
            op.alterColumn("children", "double_id", {
              generated: { expression: "id * 2", storage: "virtual" },
              existingGenerated: { expression: "id * 3", storage: "virtual" },
            }),
        }),
        defineRevision({
          id: "f3",
          parents: ["f2"],
          // a column a foreign key uses: the key goes with it (drizzle-kit's DROP COLUMN fails half-way here)
          upgrade: (op) =>
            op.dropColumn("children", "twin_id", { existing: { type: "integer", nullable: true } }),
          downgrade: (op) => {
            op.addColumn("children", { name: "twin_id", type: "integer" });
            op.addForeignKey("children_twin_fk", "children", {
              columns: ["twin_id"],
              references: { table: "parents", columns: ["id"] },
              onDelete: "set null",
            });
          },
        }),
        defineRevision({
          id: "f4",
          parents: ["f3"],
          upgrade: (op) =>
            op.dropConstraint("children_parent_fk", "children", {
              existing: {
                type: "foreignKey",
                columns: ["parent_id"],
                references: { table: { name: "parents" }, columns: ["id"] },
                onDelete: "cascade",
              },
            }),
          downgrade: (op) =>
            op.addForeignKey("children_parent_fk", "children", {
              columns: ["parent_id"],
              references: { table: "parents", columns: ["id"] },
              onDelete: "cascade",
            }),
        }),
      ];
      const revisions = [base, ...steps];
      expect((await upgrade({ dialect, revisions }, "a1")).error).toBeUndefined();
      const start = await withConn(file, (c) => introspectSqlite(c, { versionTable: "athanor_version" }));
      const fks = (conn: Connection) =>
        conn.query<{ from: string; table: string; on_delete: string }>(
          'SELECT "from", "table", on_delete FROM pragma_foreign_key_list(\'children\') ORDER BY "from"',
        );

      expect((await upgrade({ dialect, revisions }, "f1")).error).toBeUndefined();
      await withConn(file, async (conn) => {
        expect((await fks(conn)).rows).toEqual([
          { from: "parent_id", table: "parents", on_delete: "CASCADE" },
          { from: "twin_id", table: "parents", on_delete: "SET NULL" },
        ]);
        await conn.query("UPDATE children SET twin_id = 5 WHERE id <= 10");
      });
      expect((await upgrade({ dialect, revisions }, "f2")).error).toBeUndefined();
      await withConn(file, async (conn) => {
        expect(
          (await conn.query<{ d: number }>("SELECT double_id AS d FROM children WHERE id = 7")).rows,
        ).toEqual([{ d: 21 }]);
        expect(await count(conn, "children")).toBe(CHILDREN);
        await healthy(conn);
      });
      expect((await upgrade({ dialect, revisions }, "f3")).error).toBeUndefined();
      await withConn(file, async (conn) => {
        expect((await fks(conn)).rows).toEqual([
          { from: "parent_id", table: "parents", on_delete: "CASCADE" },
        ]);
        expect(await count(conn, "children")).toBe(CHILDREN);
        await healthy(conn);
      });
      const last = await upgrade({ dialect, revisions }, "f4");
      expect(last.error, String(last.error?.message)).toBeUndefined();
      await withConn(file, async (conn) => {
        expect((await fks(conn)).rows).toEqual([]);
        expect(await count(conn, "children")).toBe(CHILDREN);
        await healthy(conn);
      });

      await downgradeRestores(file, revisions, start);
    });

    test("adding a STORED generated column and a NOT NULL column defaulting to CURRENT_TIMESTAMP (both refused by ADD COLUMN) rebuilds the parent; children kept; downgrade restores the schema", async () => {
      const file = join(folder, `add-column-${name.replace("/", "+")}.db`);
      const dialect = target.dialect(file);
      const add = defineRevision({
        id: "g1",
        parents: ["a1"],
        upgrade: (op) => {
          op.addColumn("parents", {
            name: "created_at",
            type: "text",
            nullable: false,
            default: "CURRENT_TIMESTAMP",
          });
          op.addColumn("parents", {
            name: "name_len",
            type: "integer",
            generated: { expression: "length(name)", storage: "stored" },
          });
        },
        downgrade: (op) => {
          op.dropColumn("parents", "name_len");
          op.dropColumn("parents", "created_at");
        },
      });
      expect((await upgrade({ dialect, revisions: [base, add] }, "a1")).error).toBeUndefined();
      const start = await withConn(file, (c) => introspectSqlite(c, { versionTable: "athanor_version" }));
      const up = await upgrade({ dialect, revisions: [base, add] }, "g1");
      expect(up.error, String(up.error?.message)).toBeUndefined();
      await withConn(file, async (conn) => {
        const row = await conn.query<{ created_at: string | null; name_len: number }>(
          "SELECT created_at, name_len FROM parents WHERE id = 42",
        );
        expect(row.rows[0]?.name_len).toBe(3); // 'p42'
        expect(row.rows[0]?.created_at).toMatch(/^\d{4}-\d{2}-\d{2} /);
        expect(await count(conn, "children")).toBe(CHILDREN);
        await healthy(conn);
      });
      await downgradeRestores(file, [base, add], start);
    });

    test("a rebuild leaving a child without its parent aborts the revision, naming the row, and changes nothing", async () => {
      const file = join(folder, `violation-${name.replace("/", "+")}.db`);
      const dialect = target.dialect(file);
      const orphaning = defineRevision({
        id: "c1",
        parents: ["a1"],
        upgrade: (op) => {
          if (target.transactional) {
            op.execute("DELETE FROM parents WHERE id = 7"); // the cascade does not fire in a migration session
            op.alterColumn("parents", "name", { default: "'x'", existingDefault: "'anon'" });
          } else {
            // D1: foreign keys stay on (a DELETE would cascade); a rebuild whose copy moves the keys
            // leaves every child orphaned, and the batch's deferred check refuses it at its end
            op.alterColumn("parents", "id", { type: "bigint", existingType: "integer", using: "id + 1000" });
          }
        },
        downgrade: () => undefined,
      });
      const up = await upgrade({ dialect, revisions: [base, orphaning] }, "heads");
      expect((up.error as { code?: string } | undefined)?.code).toBe("ATHANOR_MIGRATION_FAILED");
      expect(String(up.error?.message)).toMatch(
        target.transactional
          ? /foreign key violation: row \d+ of children references a missing row of parents/
          : /FOREIGN KEY constraint failed/,
      );
      expect(up.heads.after).toEqual(["a1"]);
      await withConn(file, async (conn) => {
        expect(await count(conn, "parents")).toBe(100);
        expect(await count(conn, "children")).toBe(CHILDREN);
        expect((await conn.query("SELECT min(id) AS low FROM parents")).rows).toEqual([{ low: 1 }]);
        await healthy(conn);
      });
    });

    test("a parent referenced by itself, by a NO ACTION child and through that child by a CASCADE grandchild is rebuilt with every row kept and every key as it was", async () => {
      const file = join(folder, `web-${name.replace("/", "+")}.db`);
      const dialect = target.dialect(file);
      const key = (name: string, column: string, table: string, onDelete: "cascade" | "no action") => ({
        name,
        columns: [column],
        references: { table, columns: ["id"] },
        onDelete,
      });
      const web = defineRevision({
        id: "w1",
        parents: [],
        upgrade: (op) => {
          op.createTable("nodes", {
            columns: [
              { name: "id", type: "integer", nullable: false },
              { name: "up_id", type: "integer" },
              { name: "label", type: "text" },
            ],
            primaryKey: ["id"],
            foreignKeys: [key("nodes_up_fk", "up_id", "nodes", "cascade")],
          });
          op.createTable("notes", {
            columns: [
              { name: "id", type: "integer", nullable: false },
              { name: "node_id", type: "integer", nullable: false },
            ],
            primaryKey: ["id"],
            foreignKeys: [key("notes_node_fk", "node_id", "nodes", "no action")],
          });
          op.createTable("marks", {
            columns: [
              { name: "id", type: "integer", nullable: false },
              { name: "note_id", type: "integer", nullable: false },
            ],
            primaryKey: ["id"],
            foreignKeys: [key("marks_note_fk", "note_id", "notes", "cascade")],
          });
          const series = (n: number) =>
            `WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < ${n})`;
          op.execute(
            `INSERT INTO nodes (id, up_id, label) ${series(500)} SELECT v, CASE WHEN v > 1 THEN v - 1 END, 'n' || v FROM s`,
          );
          op.execute(`INSERT INTO notes (id, node_id) ${series(2000)} SELECT v, 1 + v % 500 FROM s`);
          op.execute(`INSERT INTO marks (id, note_id) ${series(2000)} SELECT v, v FROM s`);
        },
        downgrade: (op) => {
          op.dropTable("marks");
          op.dropTable("notes");
          op.dropTable("nodes");
        },
      });
      const reshape = defineRevision({
        id: "w2",
        parents: ["w1"],
        upgrade: (op) => op.alterColumn("nodes", "label", { nullable: false, existingNullable: true }),
        downgrade: (op) => op.alterColumn("nodes", "label", { nullable: true, existingNullable: false }),
      });
      const revisions = [web, reshape];
      expect((await upgrade({ dialect, revisions }, "w1")).error).toBeUndefined();
      const start = await withConn(file, (c) => introspectSqlite(c, { versionTable: "athanor_version" }));
      const keys = async (conn: Connection) =>
        (
          await conn.query<{ t: string; to: string; on_delete: string }>(
            "SELECT m.name AS t, f.\"table\" AS \"to\", f.on_delete FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f WHERE m.name IN ('nodes', 'notes', 'marks') ORDER BY 1",
          )
        ).rows;
      const counts = async (conn: Connection) => [
        await count(conn, "nodes"),
        await count(conn, "notes"),
        await count(conn, "marks"),
        await count(conn, "nodes WHERE up_id IS NOT NULL"),
      ];
      for (const step of ["w2", "w1"] as const) {
        const run =
          step === "w2"
            ? await upgrade({ dialect, revisions }, "w2")
            : await downgrade({ dialect, revisions }, "w1");
        expect(run.error, String(run.error?.message)).toBeUndefined();
        await withConn(file, async (conn) => {
          expect(await counts(conn), `after ${step}`).toEqual([500, 2000, 2000, 499]);
          expect(await keys(conn)).toEqual([
            { t: "marks", to: "notes", on_delete: "CASCADE" },
            { t: "nodes", to: "nodes", on_delete: "CASCADE" },
            { t: "notes", to: "nodes", on_delete: "NO ACTION" },
          ]);
          await healthy(conn);
        });
      }
      const back = await withConn(file, (c) => introspectSqlite(c, { versionTable: "athanor_version" }));
      const differences = diffSchemaModels(start, back);
      expect(differences, formatSchemaDifferences(differences)).toEqual([]);
    });

    test("offline (no reflected definition) a rebuild is refused with ATHANOR_UNSUPPORTED, never guessed", () => {
      let error: unknown;
      try {
        sqliteDialect({ file: ":memory:" }).render(
          operations.alterColumn("parents", "name", { nullable: true }),
        );
      } catch (e) {
        error = e;
      }
      expect(isAthanorError(error) ? [error.code, error.meta.needs] : error).toEqual([
        "ATHANOR_UNSUPPORTED",
        "rebuild",
      ]);
    });
  },
);
