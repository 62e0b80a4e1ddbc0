// A simple revision on a file opened in this process takes the runner's short step path
// (online-step.ts, applyStepLean); the full path is what every other driver takes. Both must send
// the same statements and leave the same version and history rows and the same errors: here one
// side's connection says it is not synchronous, so its runner takes the full path for the very
// same revisions.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BackfillStateTable,
  type Connection,
  type Dialect,
  defineRevision,
  downgrade,
  type RevisionDefinition,
  upgrade,
} from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";
import { openSqliteConnection } from "./sqlite-driver.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-lean-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The dialect on `file`, recording what it is sent; `full`: its connections hide that they are synchronous. */
function recordingDialect(file: string, sent: string[], full: boolean): Dialect {
  const dialect = sqliteDialect({ file });
  return {
    ...dialect,
    async connect(): Promise<Connection> {
      const conn = await dialect.connect();
      return {
        ...conn,
        synchronous: full ? false : conn.synchronous,
        query: (sql, params) => {
          sent.push(`query: ${sql} ${JSON.stringify(params ?? [])}`);
          return conn.query(sql, params);
        },
        executeScript: (script) => {
          sent.push(`script: ${script.join("\n--\n")}`);
          return conn.executeScript(script);
        },
      };
    },
  };
}

/** What differs between two runs by nature: run ids, clocks, durations. */
function normalised(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<run>")
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>")
    .replace(/<time>', \d+(\.\d+)?/g, "<time>', <ms>")
    .replace(/\* 86400000\) \+ \d+(\.\d+)?\)/g, "* 86400000) + <ms>)")
    .replace(/\b\d+\.\d+\b/g, "<ms>");
}

async function rows(file: string, sql: string): Promise<unknown[]> {
  const conn = await openSqliteConnection(file);
  try {
    return [...(await conn.query(sql)).rows];
  } finally {
    await conn.close();
  }
}

/**
 * Runs `revisions` to heads on a fresh file by each path — then, with `downgradeTo`, back down to
 * it by the same path (a hand-made `before` on the file first); returns what each left.
 */
async function bothPaths(
  name: string,
  revisions: RevisionDefinition[],
  downgradeTo?: string,
  before?: (file: string) => Promise<void>,
) {
  const sides = [];
  for (const full of [false, true]) {
    const file = join(folder, `${name}-${full ? "full" : "lean"}.db`);
    const sent: string[] = [];
    const options = { dialect: recordingDialect(file, sent, full), revisions };
    let result = await upgrade(options, "heads");
    if (downgradeTo !== undefined) {
      expect(result.error).toBeUndefined();
      await before?.(file);
      result = await downgrade(options, downgradeTo);
    }
    const history = await rows(
      file,
      "SELECT id, revision, direction, status, statement_index, checksum, note, statements_fingerprint, athanor_version FROM athanor_version_history ORDER BY id",
    );
    sides.push({
      sent: sent.map(normalised),
      version: await rows(file, "SELECT * FROM athanor_version"),
      history,
      tables: await rows(
        file,
        "SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'athanor%' ORDER BY name",
      ),
      results: result.results.map((r) => ({
        revision: r.revision,
        status: r.status,
        statements: r.statements,
        error: r.error === undefined ? undefined : { ...r.error, message: normalised(r.error.message) },
      })),
      error:
        result.error === undefined ? undefined : normalised(`${result.error.code} ${result.error.message}`),
    });
  }
  return { lean: sides[0], full: sides[1] };
}

const parent = defineRevision({
  id: "parent",
  upgrade: (op) => {
    op.execute("CREATE TABLE parent (id integer PRIMARY KEY)");
    op.execute("INSERT INTO parent (id) VALUES (1)");
  },
  downgrade: (op) => op.execute("DROP TABLE parent"),
});
const child = (id: string, upgradeSql: string[]) =>
  defineRevision({
    id,
    parents: ["parent"],
    upgrade: (op) => {
      for (const sql of upgradeSql) op.execute(sql);
    },
    downgrade: (op) => op.execute("DROP TABLE child"),
  });
const childTable = "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id))";

describe("the short step path on a synchronous SQLite connection", () => {
  test("better-sqlite3 connections say they are synchronous (the short path's condition)", async () => {
    const conn = await openSqliteConnection(join(folder, "flag.db"));
    expect(conn.synchronous).toBe(true);
    await conn.close();
  });

  test("applied revisions: the same statements, version row and history rows as the full path", async () => {
    const { lean, full } = await bothPaths("applied", [
      parent,
      child("child", [childTable, "INSERT INTO child (id, parent_id) VALUES (1, 1)"]),
    ]);
    expect(lean?.results.map((r) => r.status)).toEqual(["applied", "applied"]);
    expect(lean).toEqual(full);
  });

  test("a failing statement: the same error, history row and rollback as the full path", async () => {
    const { lean, full } = await bothPaths("failing", [
      parent,
      child("child", [childTable, "INSERT INTO nowhere (id) VALUES (1)"]),
    ]);
    expect(lean?.results[1]?.status).toBe("failed");
    expect(lean?.results[1]?.error?.message).toContain("nowhere");
    expect(lean?.tables.map((t) => (t as { name: string }).name)).toEqual(["parent"]);
    expect(lean).toEqual(full);
  });

  test("a foreign key the COMMIT's check refuses: the same error and rows as the full path", async () => {
    const { lean, full } = await bothPaths("foreign-key", [
      parent,
      child("child", [childTable, "INSERT INTO child (id, parent_id) VALUES (1, 99)"]),
    ]);
    expect(lean?.results[1]?.status).toBe("failed");
    expect(lean).toEqual(full);
  });

  test("a revision that throws after its first operation, and one that calls op.query: as the full path", async () => {
    const throwing = defineRevision({
      id: "throws",
      parents: ["parent"],
      upgrade: (op) => {
        op.execute(childTable);
        throw new Error("the revision's own bug");
      },
      downgrade: () => undefined,
    });
    const querying = defineRevision({
      id: "queries",
      parents: ["parent"],
      upgrade: async (op) => {
        op.execute(childTable);
        const found = await op.query<{ n: number }>("SELECT count(*) AS n FROM parent");
        op.execute(`INSERT INTO child (id, parent_id) VALUES (1, ${found[0]?.n ?? 0})`);
      },
      downgrade: (op) => op.execute("DROP TABLE child"),
    });
    for (const [name, revision] of [
      ["throws", throwing],
      ["queries", querying],
    ] as const) {
      const { lean, full } = await bothPaths(name, [parent, revision]);
      expect(lean?.results[1]?.status).toBe(name === "throws" ? "failed" : "applied");
      expect(lean).toEqual(full);
    }
  });

  test("downgrades: the same statements, version row, history rows and errors as the full path", async () => {
    const { lean, full } = await bothPaths(
      "downgrade",
      [parent, child("child", [childTable, "INSERT INTO child (id, parent_id) VALUES (1, 1)"])],
      "base",
    );
    expect(lean?.results.map((r) => [r.revision, r.status])).toEqual([
      ["child", "applied"],
      ["parent", "applied"],
    ]);
    expect(lean?.tables).toEqual([]);
    expect(lean).toEqual(full);
    const failing = defineRevision({
      id: "failing",
      parents: ["parent"],
      upgrade: (op) => op.execute(childTable),
      downgrade: (op) => op.execute("DROP TABLE nowhere"),
    });
    const failed = await bothPaths("downgrade-failing", [parent, failing], "base");
    expect(failed.lean?.results[0]?.status).toBe("failed");
    expect(failed.lean?.results[0]?.error?.message).toContain("nowhere");
    expect(failed.lean).toEqual(failed.full);
  });

  test("a downgrade discards the revision's backfill cursors where the full path does", async () => {
    // the cursor table exists once a backfill ran; a downgraded revision keeps no cursor of it
    const cursors = async (file: string) => {
      const conn = await openSqliteConnection(file);
      try {
        const state = new BackfillStateTable(sqliteDialect({ file }), { name: "athanor_version" });
        await conn.executeScript([
          state.create(),
          `INSERT INTO athanor_version_backfill VALUES ('parent', 'upgrade', 'b0', '1', 10, 1, 5, 5)`,
        ]);
      } finally {
        await conn.close();
      }
    };
    const { lean, full } = await bothPaths("downgrade-cursors", [parent], "base", cursors);
    expect(lean?.sent.some((sql) => /DELETE FROM "?athanor_version_backfill/.test(sql))).toBe(true);
    expect(
      await rows(join(folder, "downgrade-cursors-lean.db"), "SELECT * FROM athanor_version_backfill"),
    ).toEqual([]);
    expect(lean).toEqual(full);
  });
});
