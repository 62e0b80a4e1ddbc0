import { describe, expect, test } from "vitest";
import { BackfillStateTable } from "../backfill/backfill-state.js";
import type { Connection, ScriptNow } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { defineRevision as define, type RevisionDefinition } from "../revision/revision.js";
import { downgrade, markOpCallsOnly, upgrade } from "../runner/index.js";

/**
 * Every revision of the suite marked op-calls-only: on the short path, each step after the
 * first is then prepared while the step before runs on the server (steps-ahead.ts), or given
 * back unprepared when it cannot be (it throws, it calls `op.query`) — and must still send and
 * leave what the full path does, which prepares nothing.
 */
const defineRevision = <const T extends RevisionDefinition>(definition: T): T => {
  markOpCallsOnly(definition.upgrade);
  markOpCallsOnly(definition.downgrade);
  return define(definition);
};

/** What the short-step-path suite needs from a dialect's test setup. */
export interface LeanStepSuiteTarget {
  /** The dialect for a place of its own named `where` (a file, a schema): its sessions work there. */
  dialect(where: string): Dialect;
  /** Statements run at `where` on a session of their own (setup). */
  exec(where: string, statements: readonly string[]): Promise<void>;
  /** Rows of `sql` read at `where`. */
  rows(where: string, sql: string): Promise<unknown[]>;
  /** The user tables at `where` (not athanor's), one column `name`, ordered. */
  readonly tablesSql: string;
  /** An `op.query` text giving parent's row count as an integer column `n`. */
  readonly countSql: string;
  /** Runner options every run of the suite gets (a lock timeout, say). */
  readonly runOptions?: { readonly lockRetry?: { readonly lockTimeoutMs: number } } | undefined;
}

/**
 * A simple revision takes the runner's short step path (online-step.ts, applyStepLean); the full
 * path is what a revision that needs more takes. Both must send the same statements and leave
 * the same version and history rows and the same errors: each case runs the same revisions by
 * both, the full side's dialect carrying a transaction guard that guards nothing (it answers no
 * statement), which sends its runner down the full path. The cases pass whichever path a side
 * takes (the paths are meant to be indistinguishable); a statement added to the short path's
 * batch fails them all.
 *
 * @example
 * ```ts
 * describeLeanStepSuite("PostgreSQL", { dialect, exec, rows, tablesSql, countSql });
 * ```
 */
export function describeLeanStepSuite(name: string, target: LeanStepSuiteTarget): void {
  const bothPaths = (
    where: string,
    revisions: RevisionDefinition[],
    downgradeTo?: string,
    before?: (at: string) => Promise<void>,
  ) => runBothPaths(target, where, revisions, downgradeTo, before);

  describe(`the short step path on ${name}`, () => {
    test("applied revisions: the same statements, version row and history rows as the full path", async () => {
      const { lean, full } = await bothPaths("applied", [
        parent,
        child("child", [childTable, "INSERT INTO child (id, parent_id) VALUES (1, 1)"]),
      ]);
      expect(lean.results.map((r) => r.status)).toEqual(["applied", "applied"]);
      expect(lean).toEqual(full);
    });

    test("a failing statement: the same error, history row and rollback as the full path", async () => {
      const { lean, full } = await bothPaths("failing", [
        parent,
        child("child", [childTable, "INSERT INTO nowhere (id) VALUES (1)"]),
      ]);
      expect(lean.results[1]?.status).toBe("failed");
      expect(lean.results[1]?.error?.message).toContain("nowhere");
      expect(lean.tables.map((t) => (t as { name: string }).name)).toEqual(["parent"]);
      expect(lean).toEqual(full);
    });

    test("a foreign key the server refuses: the same error and rows as the full path", async () => {
      const { lean, full } = await bothPaths("foreign_key", [
        parent,
        child("child", [childTable, "INSERT INTO child (id, parent_id) VALUES (1, 99)"]),
      ]);
      expect(lean.results[1]?.status).toBe("failed");
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
          const found = await op.query<{ n: number }>(target.countSql);
          op.execute(`INSERT INTO child (id, parent_id) VALUES (1, ${found[0]?.n ?? 0})`);
        },
        downgrade: (op) => op.execute("DROP TABLE child"),
      });
      for (const [where, revision] of [
        ["throws", throwing],
        ["queries", querying],
      ] as const) {
        const { lean, full } = await bothPaths(where, [parent, revision]);
        expect(lean.results[1]?.status).toBe(where === "throws" ? "failed" : "applied");
        expect(lean).toEqual(full);
      }
    });

    test("downgrades: the same statements, version row, history rows and errors as the full path", async () => {
      const { lean, full } = await bothPaths(
        "downgrade",
        [parent, child("child", [childTable, "INSERT INTO child (id, parent_id) VALUES (1, 1)"])],
        "base",
      );
      expect(lean.results.map((r) => [r.revision, r.status])).toEqual([
        ["child", "applied"],
        ["parent", "applied"],
      ]);
      expect(lean.tables).toEqual([]);
      expect(lean).toEqual(full);
      const failing = defineRevision({
        id: "failing",
        parents: ["parent"],
        upgrade: (op) => op.execute(childTable),
        downgrade: (op) => op.execute("DROP TABLE nowhere"),
      });
      const failed = await bothPaths("downgrade_failing", [parent, failing], "base");
      expect(failed.lean.results[0]?.status).toBe("failed");
      expect(failed.lean.results[0]?.error?.message).toContain("nowhere");
      expect(failed.lean).toEqual(failed.full);
    });

    test("a downgrade discards the revision's backfill cursors where the full path does", async () => {
      // the cursor table exists once a backfill ran; a downgraded revision keeps no cursor of it
      const cursors = async (at: string) => {
        const state = new BackfillStateTable(target.dialect(at), { name: "athanor_version" });
        await target.exec(at, [
          state.create(),
          `INSERT INTO athanor_version_backfill VALUES ('parent', 'upgrade', 'b0', '1', 10, 1, 5, 5)`,
        ]);
      };
      const { lean, full } = await bothPaths("downgrade_cursors", [parent], "base", cursors);
      expect(lean.sent.some((sql) => /DELETE FROM "?athanor_version_backfill/.test(sql))).toBe(true);
      expect(await target.rows("lean_downgrade_cursors", "SELECT * FROM athanor_version_backfill")).toEqual(
        [],
      );
      expect(lean).toEqual(full);
    });
  });
}

/** One side's run and what it left. */
interface Side {
  readonly sent: string[];
  readonly version: unknown[];
  readonly history: unknown[];
  readonly tables: unknown[];
  readonly results: { revision: string; status: string; statements: number; error?: { message: string } }[];
  readonly error: string | undefined;
}

/** The dialect at `where`, recording what it is sent; `full`: the runner takes the full step path. */
function recording(target: LeanStepSuiteTarget, where: string, sent: string[], full: boolean): Dialect {
  const dialect = target.dialect(where);
  return {
    ...dialect,
    ...(full ? { transactionGuard: async () => undefined } : {}),
    async connect(): Promise<Connection> {
      const conn = await dialect.connect();
      const executeScript: Connection["executeScript"] = (script) => {
        sent.push(`script: ${script.join("\n--\n")}`);
        return conn.executeScript(script);
      };
      // a synchronous driver's scripts run now (the runner's short path without awaits), recorded alike
      const now = conn.executeScriptNow;
      const executeScriptNow: ScriptNow | undefined =
        now === undefined
          ? undefined
          : Object.assign(
              (script: readonly string[]) => {
                sent.push(`script: ${script.join("\n--\n")}`);
                return now(script);
              },
              { executeScript },
            );
      return {
        ...conn,
        query: (sql, params) => {
          sent.push(`query: ${sql} ${JSON.stringify(params ?? [])}`);
          return conn.query(sql, params);
        },
        executeScript,
        executeScriptNow,
        close: () => conn.close(),
      };
    },
  };
}

/** What differs between two runs by nature: run ids, clocks, durations, the side's own place. */
function normalised(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<run>")
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>")
    .replace(/<time>', \d+(\.\d+)?/g, "<time>', <ms>")
    .replace(/\* (86400000|1000)\) \+ \d+(\.\d+)?\)/g, "* $1) + <ms>)")
    .replace(/"durationMs":\d+(\.\d+)?/g, '"durationMs":<ms>')
    .replace(/\b\d+\.\d+\b/g, "<ms>")
    .replace(/\b(lean|full)_/g, "<side>_");
}

const plain = (value: unknown) => JSON.parse(normalised(JSON.stringify(value)));

/**
 * Runs `revisions` to heads at a fresh place by each path — then, with `downgradeTo`, back down
 * to it by the same path (a hand-made `before` there first); returns what each left.
 */
async function runBothPaths(
  target: LeanStepSuiteTarget,
  name: string,
  revisions: RevisionDefinition[],
  downgradeTo?: string,
  before?: (at: string) => Promise<void>,
): Promise<{ lean: Side; full: Side }> {
  const sides: Side[] = [];
  for (const full of [false, true]) {
    const where = `${full ? "full" : "lean"}_${name}`;
    const sent: string[] = [];
    const options = { ...target.runOptions, dialect: recording(target, where, sent, full), revisions };
    let result = await upgrade(options, "heads");
    if (downgradeTo !== undefined) {
      expect(result.error).toBeUndefined();
      await before?.(where);
      result = await downgrade(options, downgradeTo);
    }
    const history = await target.rows(
      where,
      "SELECT id, revision, direction, status, statement_index, checksum, note, statements_fingerprint, athanor_version FROM athanor_version_history ORDER BY id",
    );
    sides.push({
      sent: sent.map(normalised),
      version: await target.rows(where, "SELECT * FROM athanor_version ORDER BY version_num"),
      history: plain(history),
      tables: await target.rows(where, target.tablesSql),
      results: result.results.map((r) => ({
        revision: r.revision,
        status: r.status,
        statements: r.statements,
        ...(r.error === undefined ? {} : { error: plain(r.error) }),
      })),
      error:
        result.error === undefined ? undefined : normalised(`${result.error.code} ${result.error.message}`),
    });
  }
  return { lean: sides[0] as Side, full: sides[1] as Side };
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
