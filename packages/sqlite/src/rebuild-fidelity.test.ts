import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Connection,
  defineRevision,
  diffSchemaModels,
  downgrade,
  formatSchemaDifferences,
  type RevisionDefinition,
  type SchemaModel,
  type TableModel,
  upgrade,
} from "@athanor/core";
import { afterAll, describe, expect } from "vitest";
import { introspectSqlite } from "./introspector.js";
import { engineTests } from "./testing/engine-tests.js";
import { sqliteTestTargets } from "./testing/targets.js";

// Tables written by hand (op.execute, an older tool, a legacy database) say things in their
// CREATE TABLE text that athanor's own renderer never writes. A rebuild restates the table from
// what was read back, so everything read must be read right and everything kept must be kept —
// or the rebuild refuses. Each case rebuilds `t` by making `other` NOT NULL.
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-fidelity-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const rebuildOther = (id: string, parent: string): RevisionDefinition =>
  defineRevision({
    id,
    parents: [parent],
    upgrade: (op) => op.alterColumn("t", "other", { nullable: false, existingNullable: true }),
    downgrade: (op) => op.alterColumn("t", "other", { nullable: true, existingNullable: false }),
  });

const created = (ddl: string, ...more: string[]): RevisionDefinition =>
  defineRevision({
    id: "a1",
    parents: [],
    upgrade: (op) => {
      op.execute(ddl);
      for (const sql of more) op.execute(sql);
      op.execute("INSERT INTO t (id, note, other) VALUES (1, 'kept', 1), (2, 'also', 2)");
    },
    downgrade: (op) => op.execute("DROP TABLE t"),
  });

const targets = sqliteTestTargets();
afterAll(async () => {
  for (const target of targets) await target.dispose();
});

// D1 runs a seeded half of these tests in CI (engine-tests.ts); the file drivers run all of them.
describe.each(targets.map((t) => [t.driver, engineTests(t.driver).note, t] as const))(
  "a rebuild keeps what a hand-written table says (%s)%s",
  (driver, _note, target) => {
    const { test } = engineTests(driver);
    let n = 0;
    const fileFor = () => join(folder, `${driver.replace("/", "+")}-${++n}.db`);
    const withConn = async <T>(file: string, f: (conn: Connection) => Promise<T>): Promise<T> => {
      const conn = await target.dialect(file).connect();
      try {
        return await f(conn);
      } finally {
        await conn.close();
      }
    };
    const table = (model: SchemaModel): TableModel => model.tables.find((t) => t.name === "t") as TableModel;
    const rows = (conn: Connection) =>
      conn.query("SELECT id, note, other FROM t ORDER BY id").then((r) => r.rows);

    /** Upgrades through the rebuild and back: rows kept both ways, the schema as read before exactly restored. */
    async function rebuildAndBack(ddl: string, ...more: string[]) {
      const file = fileFor();
      const revisions = [created(ddl, ...more), rebuildOther("a2", "a1")];
      const dialect = target.dialect(file);
      expect((await upgrade({ dialect, revisions }, "a1")).error).toBeUndefined();
      const before = await withConn(file, introspectSqlite);
      const up = await upgrade({ dialect, revisions }, "heads");
      expect(up.error, String(up.error?.message)).toBeUndefined();
      const after = await withConn(file, async (conn) => {
        expect(await rows(conn)).toEqual([
          { id: 1, note: "kept", other: 1 },
          { id: 2, note: "also", other: 2 },
        ]);
        return introspectSqlite(conn);
      });
      // the rebuild changed `other`'s nullability and nothing else
      expect(formatSchemaDifferences(diffSchemaModels(before, after))).toBe(
        '~ table "main"."t" › column "other" › nullable: true → false',
      );
      const down = await downgrade({ dialect, revisions }, "a1");
      expect(down.error, String(down.error?.message)).toBeUndefined();
      const restored = await withConn(file, introspectSqlite);
      const back = diffSchemaModels(before, restored);
      expect(back, formatSchemaDifferences(back)).toEqual([]);
      return { file, before, after };
    }

    test("a CHECK written on a column is read as the table's check and kept; unnamed, it is named <table>_<column>_check", async () => {
      const { file, before } = await rebuildAndBack(
        "CREATE TABLE t (id integer PRIMARY KEY, note text CHECK (length(note) > 3) CONSTRAINT note_short CHECK (length(note) < 9), other integer CHECK (other COLLATE NOCASE <> 'x'))",
      );
      expect(table(before).checks.map((c) => [c.name, c.expression])).toEqual([
        ["note_short", "length(note) < 9"],
        ["t_note_check", "length(note) > 3"],
        ["t_other_check", "other collate nocase <> 'x'"],
      ]);
      // a COLLATE inside a check is the check's, not the column's
      expect(table(before).columns.find((c) => c.name === "other")?.collation).toBeNull();
      await upgrade(
        { dialect: target.dialect(file), revisions: [created("SELECT 1"), rebuildOther("a2", "a1")] },
        "heads",
      );
      await withConn(file, async (conn) => {
        await expect(conn.query("INSERT INTO t (id, note, other) VALUES (3, 'ab', 3)")).rejects.toThrow(
          /CHECK/,
        );
      });
    });

    test("a key or unique written on a column keeps its name, actions and deferral", async () => {
      const { before } = await rebuildAndBack(
        "CREATE TABLE t (id integer PRIMARY KEY, note text CONSTRAINT uq_note UNIQUE, other integer CONSTRAINT t_self REFERENCES t (id) ON DELETE SET DEFAULT DEFERRABLE INITIALLY DEFERRED)",
      );
      expect(table(before).uniques.map((u) => u.name)).toEqual(["uq_note"]);
      expect(table(before).foreignKeys).toEqual([
        expect.objectContaining({
          name: "t_self",
          onDelete: "set default",
          deferrable: true,
          initiallyDeferred: true,
        }),
      ]);
    });

    test("STRICT and WITHOUT ROWID are written back by the rebuild", async () => {
      const file = (
        await rebuildAndBack(
          "CREATE TABLE t (id integer PRIMARY KEY, note text, other integer) STRICT, WITHOUT ROWID",
        )
      ).file;
      await upgrade(
        { dialect: target.dialect(file), revisions: [created("SELECT 1"), rebuildOther("a2", "a1")] },
        "heads",
      );
      await withConn(file, async (conn) => {
        const sql = (await conn.query<{ sql: string }>("SELECT sql FROM sqlite_schema WHERE name = 't'"))
          .rows[0]?.sql;
        expect(sql).toMatch(/"other" integer NOT NULL/);
        expect(sql).toMatch(/\) STRICT, WITHOUT ROWID$/);
        await expect(
          conn.query("INSERT INTO t (id, note, other) VALUES (3, 'x', 'not a number')"),
        ).rejects.toThrow(/cannot store TEXT value in INTEGER column/);
        await expect(conn.query("SELECT rowid FROM t")).rejects.toThrow(/rowid/);
      });
    });

    test("keywords in string literals and comments are not read as clauses", async () => {
      const { before } = await rebuildAndBack(
        `CREATE TABLE t ( -- the ) main table
        id integer PRIMARY KEY, /* note, other */ note text DEFAULT 'collate me' CHECK (note <> 'as (x)'), other integer DEFAULT 'autoincrement deferrable')`,
      );
      const note = table(before).columns.find((c) => c.name === "note");
      expect(note).toMatchObject({ collation: null, generated: null, default: "'collate me'" });
      expect(table(before).columns.find((c) => c.name === "id")?.identity).toBeNull();
    });

    test("an index named after a dropped column's name is kept when it does not use the column", async () => {
      const file = fileFor();
      const revisions = [
        defineRevision({
          id: "s1",
          parents: [],
          upgrade: (op) => {
            op.execute(
              "CREATE TABLE status (id integer PRIMARY KEY, status text CHECK (status <> ''), created_at text)",
            );
            op.execute("CREATE INDEX status_created ON status (created_at)");
          },
          downgrade: (op) => op.execute("DROP TABLE status"),
        }),
        defineRevision({
          id: "s2",
          parents: ["s1"],
          // in a check: ALTER TABLE DROP COLUMN refuses, so this is a rebuild
          upgrade: (op) => {
            op.dropConstraint("status_status_check", "status");
            op.dropColumn("status", "status", { existing: { type: "text", nullable: true } });
          },
          downgrade: (op) => {
            op.addColumn("status", { name: "status", type: "text" });
            op.addCheck("status_status_check", "status", "status <> ''");
          },
        }),
      ];
      const up = await upgrade({ dialect: target.dialect(file), revisions }, "heads");
      expect(up.error, String(up.error?.message)).toBeUndefined();
      const indexes = await withConn(file, (conn) =>
        conn.query<{ name: string }>(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'status'",
        ),
      );
      expect(indexes.rows.map((r) => r.name)).toEqual(["status_created"]);
    });

    test("a parent whose children's key names a column only a unique index makes a key is rebuilt, children kept", async () => {
      // drizzle's text("note").unique(): on D1 (keys on) the kept child rows went back before the
      // index was built again, and the batch failed with "foreign key mismatch"
      const file = fileFor();
      const revisions = [
        created(
          "CREATE TABLE t (id integer PRIMARY KEY, note text, other integer)",
          'CREATE UNIQUE INDEX "t_note_unique" ON "t" ("note")',
          "CREATE TABLE c (id integer PRIMARY KEY, note text REFERENCES t (note) ON DELETE CASCADE, t_id integer REFERENCES t (id) ON DELETE SET DEFAULT)",
        ),
        rebuildOther("a2", "a1"),
      ];
      const dialect = target.dialect(file);
      expect((await upgrade({ dialect, revisions }, "a1")).error).toBeUndefined();
      const children = [
        { id: 1, note: "kept", t_id: 1 },
        { id: 2, note: "also", t_id: 2 },
        { id: 3, note: null, t_id: null },
      ];
      const childRows = (conn: Connection) =>
        conn.query("SELECT id, note, t_id FROM c ORDER BY id").then((r) => r.rows);
      await withConn(file, (conn) =>
        conn.query("INSERT INTO c VALUES (1, 'kept', 1), (2, 'also', 2), (3, NULL, NULL)"),
      );
      const up = await upgrade({ dialect, revisions }, "heads");
      expect(up.error, String(up.error?.message)).toBeUndefined();
      await withConn(file, async (conn) => {
        expect(await childRows(conn)).toEqual(children);
        expect(await rows(conn)).toEqual([
          { id: 1, note: "kept", other: 1 },
          { id: 2, note: "also", other: 2 },
        ]);
      });
      const down = await downgrade({ dialect, revisions }, "a1");
      expect(down.error, String(down.error?.message)).toBeUndefined();
      await withConn(file, async (conn) => expect(await childRows(conn)).toEqual(children));
    });

    test("an AUTOINCREMENT key keeps its counter: a number given before is not given again after a rebuild", async () => {
      const file = fileFor();
      const revisions = [
        created("CREATE TABLE t (id integer PRIMARY KEY AUTOINCREMENT, note text, other integer)"),
        rebuildOther("a2", "a1"),
      ];
      const dialect = target.dialect(file);
      expect((await upgrade({ dialect, revisions }, "a1")).error).toBeUndefined();
      // ids 3 and 4 were given, then their rows deleted: the counter stays at 4
      await withConn(file, async (conn) => {
        await conn.query("INSERT INTO t (note, other) VALUES ('x', 3), ('y', 4)");
        await conn.query("DELETE FROM t WHERE id > 2");
      });
      const up = await upgrade({ dialect, revisions }, "heads");
      expect(up.error, String(up.error?.message)).toBeUndefined();
      await withConn(file, async (conn) => {
        await conn.query("INSERT INTO t (note, other) VALUES ('after', 5)");
        const ids = await conn.query<{ id: number }>("SELECT id FROM t ORDER BY id");
        expect(ids.rows.map((r) => r.id)).toEqual([1, 2, 5]);
      });
      const down = await downgrade({ dialect, revisions }, "a1");
      expect(down.error, String(down.error?.message)).toBeUndefined();
      await withConn(file, async (conn) => {
        await conn.query("INSERT INTO t (note, other) VALUES ('back', 6)");
        const last = await conn.query<{ id: number }>("SELECT max(id) AS id FROM t");
        expect(last.rows[0]?.id).toBe(6);
      });
    });

    test("a table keyed by its rowid keeps every rowid, so an external-content FTS index still finds its rows", async () => {
      const file = fileFor();
      const revisions = [
        defineRevision({
          id: "a1",
          parents: [],
          upgrade: (op) => {
            op.execute("CREATE TABLE t (note text, other integer)");
            op.execute("INSERT INTO t VALUES ('alpha', 1), ('beta', 2), ('gamma', 3)");
            op.execute("DELETE FROM t WHERE note = 'alpha'");
            op.execute("CREATE VIRTUAL TABLE t_search USING fts5(note, content='t', content_rowid='rowid')");
            op.execute("INSERT INTO t_search(t_search) VALUES ('rebuild')");
          },
          downgrade: (op) => {
            op.execute("DROP TABLE t_search");
            op.execute("DROP TABLE t");
          },
        }),
        rebuildOther("a2", "a1"),
      ];
      const dialect = target.dialect(file);
      const up = await upgrade({ dialect, revisions }, "heads");
      expect(up.error, String(up.error?.message)).toBeUndefined();
      await withConn(file, async (conn) => {
        const rows = await conn.query("SELECT rowid AS id, note FROM t ORDER BY rowid");
        expect(rows.rows).toEqual([
          { id: 2, note: "beta" },
          { id: 3, note: "gamma" },
        ]);
        const found = await conn.query(
          "SELECT t.note FROM t_search JOIN t ON t.rowid = t_search.rowid WHERE t_search MATCH 'gamma'",
        );
        expect(found.rows).toEqual([{ note: "gamma" }]);
        // the virtual table and its shadow tables are no model's: never read as plain tables
        const model = await introspectSqlite(conn);
        expect(model.tables.map((t) => t.name)).toEqual(["t"]);
      });
    });

    for (const [label, columns, named, key = "id integer PRIMARY KEY"] of [
      [
        "ON CONFLICT on a column",
        "note text NOT NULL ON CONFLICT REPLACE DEFAULT 'd'",
        /ON CONFLICT REPLACE on column "note"/,
      ],
      [
        "ON CONFLICT on a table constraint",
        "note text, UNIQUE (note) ON CONFLICT IGNORE",
        /ON CONFLICT IGNORE on UNIQUE \(note\)/,
      ],
      [
        "INTEGER PRIMARY KEY DESC",
        "note text",
        /PRIMARY KEY DESC on column "id"/,
        "id integer PRIMARY KEY DESC",
      ],
    ] as const)
      test(`a rebuild of a table with ${label} refuses, naming it, and changes nothing`, async () => {
        const file = fileFor();
        const ddl =
          `CREATE TABLE t (${key}, ${columns.replace(/^note text/, "note text")}, other integer)`.replace(
            ", UNIQUE (note) ON CONFLICT IGNORE, other integer)",
            ", other integer, UNIQUE (note) ON CONFLICT IGNORE)",
          );
        const revisions = [created(ddl), rebuildOther("a2", "a1")];
        const dialect = target.dialect(file);
        expect((await upgrade({ dialect, revisions }, "a1")).error).toBeUndefined();
        const up = await upgrade({ dialect, revisions }, "heads");
        // the runner's failure, caused by the renderer's refusal
        expect(up.error?.code).toBe("ATHANOR_MIGRATION_FAILED");
        expect(up.error?.meta?.cause).toMatchObject({ code: "ATHANOR_UNSUPPORTED" });
        expect(up.error?.message).toMatch(named);
        await withConn(file, async (conn) => {
          const stored = await conn.query<{ sql: string }>("SELECT sql FROM sqlite_schema WHERE name = 't'");
          expect(stored.rows[0]?.sql).toBe(ddl);
          expect(await rows(conn)).toHaveLength(2);
        });
      });
  },
);
