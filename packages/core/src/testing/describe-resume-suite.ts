import { beforeEach, describe, expect, test as vitestTest } from "vitest";
import type { Dialect } from "../dialect/dialect.js";
import type { AthanorError } from "../errors.js";
import type { Op } from "../ops/op.js";
import { defineRevision, type RevisionDefinition } from "../revision/revision.js";
import { current, downgrade, stamp, upgrade } from "../runner/index.js";
import { athanorVersion } from "../runner/run-identity.js";
import type { RunnerEvent } from "../runner/runner-result.js";

/** What the resume suite needs from a dialect's test setup. */
export interface ResumeSuiteDatabase {
  readonly dialect: Dialect;
  /** Runs statements on a separate session (setup, manual undo, checks). */
  exec(statements: readonly string[]): Promise<void>;
  query(sql: string): Promise<readonly Record<string, unknown>[]>;
  /** Statements that drop everything and create `accounts (id int primary key, balance int not null)` with `rows` rows of balance 100. */
  seed(rows: number): readonly string[];
}

const ROWS = 2000;
const BATCH = 200;
const table = { name: "v_resume" };

/**
 * The revision of issue 13/14: DDL, DML, a backfill, DML again. Run once without interruption
 * it leaves every account at balance 151 with w = 300.
 */
function mixedRevision(extra: Partial<RevisionDefinition> = {}): RevisionDefinition {
  return defineRevision({
    id: "r2",
    parents: ["r1"],
    message: "w from balance",
    async upgrade(op: Op) {
      op.addColumn("accounts", { name: "w", type: "int" });
      op.execute("UPDATE accounts SET balance = balance + 50");
      await op.backfill({ table: "accounts", set: { w: "balance * 2" }, batchSize: BATCH });
      op.execute("UPDATE accounts SET balance = balance + 1");
    },
    downgrade(op: Op) {
      op.execute("UPDATE accounts SET balance = balance - 51");
      op.dropColumn("accounts", "w");
    },
    ...extra,
  });
}

const first = defineRevision({ id: "r1", parents: [], message: "start", upgrade() {}, downgrade() {} });

/** How {@link describeResumeSuite} declares its tests. */
export interface ResumeSuiteOptions {
  /**
   * Declares one test: vitest's `test` unless given. A caller whose engine makes every test slow
   * may pass one that declares a seeded sample of them (SQLite's D1 runs a rotating half in CI).
   */
  readonly test?: (name: string, fn: () => Promise<void>, timeout?: number) => void;
}

/**
 * Interrupts a revision that mixes DDL, DML and a backfill at its backfill (Ctrl-C through the
 * run's AbortSignal), then checks every way on: refusal, `resume`, undo-and-stamp,
 * downgrade-and-upgrade, stale cursors — each ending with every row equal to an uninterrupted run.
 *
 * @example
 * ```ts
 * describeResumeSuite("PostgreSQL 15", async () => ({ dialect, exec, query, seed }));
 * ```
 */
export function describeResumeSuite(
  name: string,
  open: () => Promise<ResumeSuiteDatabase>,
  options: ResumeSuiteOptions = {},
): void {
  const test = options.test ?? vitestTest;
  describe(`partial runs and resume on ${name}`, () => {
    let db: ResumeSuiteDatabase;
    const revisions = [first, mixedRevision()];
    const options = () => ({ dialect: db.dialect, revisions, versionTable: table });
    const rows = async () => {
      const [r] = await db.query(
        "SELECT count(*) AS n, sum(balance) AS b, sum(w) AS w, sum(CASE WHEN w IS NULL THEN 1 ELSE 0 END) AS unfilled FROM accounts",
      );
      return { n: Number(r?.n), b: Number(r?.b), w: Number(r?.w), unfilled: Number(r?.unfilled) };
    };
    const finished = { n: ROWS, b: ROWS * 151, w: ROWS * 300, unfilled: 0 };
    const cursors = async () => {
      try {
        return (await db.query("SELECT revision, backfill_id FROM v_resume_backfill")).length;
      } catch {
        return 0; // the table is created by the first backfill
      }
    };
    /** Upgrades and presses Ctrl-C after `batches` backfill batches. */
    const interrupted = async (batches: number) => {
      const controller = new AbortController();
      const onProgress = (e: RunnerEvent) => {
        if (e.type === "backfill-progress" && e.batches >= batches) controller.abort("SIGINT");
      };
      return upgrade({ ...options(), onProgress }, "heads", { signal: controller.signal });
    };

    beforeEach(async () => {
      db ??= await open();
      await db.exec(db.seed(ROWS));
    }, 60_000);

    /** Every row of accounts, columns included (a row's keys are the table's columns). */
    const accounts = () => db.query("SELECT * FROM accounts ORDER BY id");
    /** Everything a refused resume must leave as it was: rows, schema, bookkeeping, cursors. */
    const snapshot = async () => ({
      accounts: await accounts(),
      heads: await db.query("SELECT version_num FROM v_resume"),
      history: await db.query("SELECT * FROM v_resume_history ORDER BY id"),
      cursors: await db.query("SELECT * FROM v_resume_backfill ORDER BY backfill_id"),
    });
    let uninterrupted: readonly Record<string, unknown>[] | undefined;
    /** accounts after one uninterrupted upgrade of a fresh seed (the database is seeded again after). */
    const uninterruptedAccounts = async () => {
      if (uninterrupted === undefined) {
        expect((await upgrade(options())).error).toBeUndefined();
        uninterrupted = await accounts();
        await db.exec(db.seed(ROWS));
      }
      return uninterrupted;
    };
    /** The dialect as a later athanor might render it: a guard statement before every added column. */
    const renderedDifferently = (): Dialect => ({
      ...db.dialect,
      render: (op, context) => [
        ...(op.kind === "addColumn" ? ["SELECT 1 AS athanor_new_guard"] : []),
        ...db.dialect.render(op, context),
      ],
    });
    const partialRow = async () => {
      const [row] = await db.query(
        "SELECT athanor_version, statement_index, statements_fingerprint FROM v_resume_history WHERE status = 'partial'",
      );
      return row;
    };

    test("Ctrl-C in the backfill: recorded durably, a plain re-run refuses with the same story, --resume finishes every row once", async () => {
      const run = await interrupted(3);
      expect(run.error?.code).toBe("ATHANOR_INTERRUPTED");
      expect(run.results.map((r) => r.status)).toEqual(["applied", "partial"]);
      expect(run.error?.meta).toMatchObject({ revision: "r2", outcome: "partial", statementsDone: 2 });
      expect(await rows()).toMatchObject({ b: ROWS * 150, unfilled: ROWS - 3 * BATCH });
      const state = await current(options());
      expect(state.heads).toEqual(["r1"]);
      expect(state.partialRuns).toMatchObject([
        {
          revision: "r2",
          direction: "upgrade",
          statementsDone: 2,
          resume: "upgrade(options, { resume: true })",
          // the runner's record of the backfill it stopped inside, not the error's words
          backfill: { statementIndex: 2, table: "accounts", batches: 3 },
          summary: expect.stringContaining(
            "the backfill of accounts (statement #2) was under way: 3 batches of it are committed",
          ),
        },
      ]);

      const refused = await upgrade(options()).catch((e: unknown) => e as Error & { code: string });
      expect(refused).toMatchObject({ code: "ATHANOR_PARTIAL_REVISION" });
      // the failing run told the story the refusal tells
      expect(run.error?.message).toContain((refused as Error).message);
      expect((refused as Error).message).toContain("`upgrade(options, { resume: true })`");
      expect(await rows()).toMatchObject({ b: ROWS * 150, unfilled: ROWS - 3 * BATCH });

      const resumed = await upgrade(options(), "heads", { resume: true });
      expect(resumed.error).toBeUndefined();
      expect(await rows()).toEqual(finished);
      expect(await cursors()).toBe(0);
      expect((await current(options())).partialRuns).toEqual([]);
    }, 120_000);

    test("interrupt, undo by hand, stamp the parent, upgrade: a fresh run, no stale cursor", async () => {
      await interrupted(2);
      expect(await cursors()).toBe(1);
      await db.exec(["UPDATE accounts SET balance = balance - 50", "ALTER TABLE accounts DROP COLUMN w"]);
      await stamp(options(), ["r1"]);
      expect(await cursors()).toBe(0);
      const again = await upgrade(options());
      expect(again.error).toBeUndefined();
      expect(await rows()).toEqual(finished);
    }, 120_000);

    test("interrupt, resume, downgrade, upgrade: the downgrade clears the cursors, the rows are right", async () => {
      await interrupted(4);
      expect((await upgrade(options(), "heads", { resume: true })).error).toBeUndefined();
      const down = await downgrade(options(), "r1");
      expect(down.error).toBeUndefined();
      const [back] = await db.query("SELECT count(*) AS n, sum(balance) AS b FROM accounts");
      expect({ n: Number(back?.n), b: Number(back?.b) }).toEqual({ n: ROWS, b: ROWS * 100 });
      expect(await cursors()).toBe(0);
      expect((await upgrade(options())).error).toBeUndefined();
      expect(await rows()).toEqual(finished);
    }, 120_000);

    test("a downgrade while an upgrade is partial is refused, and names both ways on", async () => {
      await interrupted(1);
      const refused = await downgrade(options(), "base").catch((e: unknown) => e as Error & { code: string });
      expect(refused).toMatchObject({ code: "ATHANOR_PARTIAL_REVISION" });
      expect((refused as Error).message).toMatch(
        /upgrade\(options, \{ resume: true \}\).*stamp\(options, \["r1"\]\)/s,
      );
      const wrongWay = await downgrade(options(), "base", { resume: true }).catch((e: unknown) => e);
      expect(wrongWay).toMatchObject({ code: "ATHANOR_RESUME_REFUSED" });
    }, 120_000);

    test("a cursor left by an earlier attempt never steers a run that starts the revision afresh", async () => {
      await interrupted(5);
      // an operator resolves the partial run by hand without athanor (the scenario)
      await db.exec([
        "UPDATE accounts SET balance = balance - 50",
        "ALTER TABLE accounts DROP COLUMN w",
        "DELETE FROM v_resume_history WHERE status = 'partial'",
      ]);
      expect(await cursors()).toBe(1);
      expect((await upgrade(options())).error).toBeUndefined();
      expect(await rows()).toEqual(finished);
      expect(await cursors()).toBe(0);
    }, 120_000);

    test("--resume refuses a revision file that changed since the partial run", async () => {
      await interrupted(1);
      const edited = [first, mixedRevision({ message: "w from balance, edited" })];
      edited[1] = defineRevision({
        ...mixedRevision(),
        async upgrade(op: Op) {
          op.addColumn("accounts", { name: "w", type: "int" });
          await op.backfill({ table: "accounts", set: { w: "balance * 2" }, batchSize: BATCH });
        },
      });
      const refused = await upgrade({ ...options(), revisions: edited }, "heads", { resume: true }).catch(
        (e: unknown) => e,
      );
      expect(refused).toMatchObject({ code: "ATHANOR_RESUME_REFUSED" });
      expect(await rows()).toMatchObject({ b: ROWS * 150 });
    }, 120_000);

    test("the partial row records its done statements; --resume with the same rendering gives every row of an uninterrupted run", async () => {
      const expected = await uninterruptedAccounts();
      await interrupted(3);
      const row = await partialRow();
      expect(Number(row?.statement_index)).toBe(2);
      expect(JSON.parse(String(row?.statements_fingerprint))).toMatchObject({ v: 1, n: 2 });
      expect(row?.athanor_version).toBe(athanorVersion());
      const resumed = await upgrade(options(), "heads", { resume: true });
      expect(resumed.error).toBeUndefined();
      expect(await accounts()).toEqual(expected);
    }, 120_000);

    test("--resume after the rendering changed is refused before anything runs, naming the statement both ways", async () => {
      await interrupted(2);
      // the run as an older athanor started it; this one renders a guard before the added column
      await db.exec(["UPDATE v_resume_history SET athanor_version = '0.0.1-older' WHERE status = 'partial'"]);
      const before = await snapshot();
      const changed = { ...options(), dialect: renderedDifferently() };
      const refused = await upgrade(changed, "heads", { resume: true }).catch(
        (e: unknown) => e as AthanorError,
      );
      expect(refused).toMatchObject({
        code: "ATHANOR_RESUME_REFUSED",
        meta: { revision: "r2", reason: "rendering-statements", statementIndex: 0, statementsDone: 2 },
      });
      const message = (refused as Error).message;
      expect(message).toContain(
        `its revision file is unchanged, but athanor ${athanorVersion()} renders statement #0 of it differently from athanor 0.0.1-older, which started that run`,
      );
      expect(message).toMatch(/Statement #0 when the run stopped:\n {2}ALTER TABLE .*accounts.* ADD/);
      expect(message).toContain("Statement #0 now:\n  SELECT 1 AS athanor_new_guard");
      expect(message).toContain("Nothing was run.");
      expect(message).toContain(
        'Either resume it with athanor 0.0.1-older: `upgrade(options, { resume: true })`, or undo statements #0–#1 and the 2 batches the backfill of statement #2 committed by hand, then `stamp(options, ["r1"])`.',
      );
      expect(await snapshot()).toEqual(before);
      const shown = (await current(changed)).partialRuns;
      expect(shown).toMatchObject([{ revision: "r2", resume: null, renderingChanged: true }]);
      // the athanor that started it still resumes it
      expect((await upgrade(options(), "heads", { resume: true })).error).toBeUndefined();
      expect(await rows()).toEqual(finished);
    }, 120_000);

    test("a plain upgrade after the rendering changed refuses without advising the --resume that would be refused", async () => {
      await interrupted(2);
      await db.exec(["UPDATE v_resume_history SET athanor_version = '0.0.1-older' WHERE status = 'partial'"]);
      const before = await snapshot();
      const changed = { ...options(), dialect: renderedDifferently() };
      const undo =
        'undo statements #0–#1 and the 2 batches the backfill of statement #2 committed by hand, then `stamp(options, ["r1"])`';
      const refused = await upgrade(changed).catch((e: unknown) => e as AthanorError);
      expect(refused).toMatchObject({
        code: "ATHANOR_PARTIAL_REVISION",
        meta: { revision: "r2", statementsDone: 2, resume: null, hint: undo },
      });
      const message = (refused as Error).message;
      expect(message).not.toContain("Next:");
      expect(message).toContain(
        `It cannot be resumed: its revision file is unchanged, but athanor ${athanorVersion()} renders statement #0 of it differently from athanor 0.0.1-older`,
      );
      expect(message).toContain(
        `Either resume it with athanor 0.0.1-older: \`upgrade(options, { resume: true })\`, or ${undo}.`,
      );
      // the same story `current` (and so `status`) tells
      expect((await current(changed)).partialRuns).toMatchObject([{ resume: null, undo }]);
      expect(await snapshot()).toEqual(before);

      // an older athanor's row without a record: only the version that wrote it may resume
      await db.exec(["UPDATE v_resume_history SET statements_fingerprint = NULL WHERE status = 'partial'"]);
      const unrecorded = await upgrade(options()).catch((e: unknown) => e as AthanorError);
      expect(unrecorded).toMatchObject({ code: "ATHANOR_PARTIAL_REVISION", meta: { resume: null } });
      expect((unrecorded as Error).message).toContain(
        "athanor 0.0.1-older started that run and recorded no fingerprint of the statements it did",
      );
      await db.exec([
        `UPDATE v_resume_history SET athanor_version = '${athanorVersion()}' WHERE status = 'partial'`,
      ]);
      // the same version again: the plain upgrade advises the resume, which finishes it
      const advised = await upgrade(options()).catch((e: unknown) => e as AthanorError);
      expect(advised).toMatchObject({ meta: { resume: "upgrade(options, { resume: true })" } });
      expect((await upgrade(options(), "heads", { resume: true })).error).toBeUndefined();
      expect(await rows()).toEqual(finished);
    }, 120_000);

    test("another athanor version that renders the same statements resumes", async () => {
      await interrupted(2);
      await db.exec(["UPDATE v_resume_history SET athanor_version = '0.0.1-older' WHERE status = 'partial'"]);
      expect((await current(options())).partialRuns).toMatchObject([{ renderingChanged: false }]);
      expect((await upgrade(options(), "heads", { resume: true })).error).toBeUndefined();
      expect(await rows()).toEqual(finished);
    }, 120_000);

    test("a partial row of an older athanor (no fingerprint column): resumed by the same version, refused by another", async () => {
      await interrupted(2);
      // the history table as an older athanor created it
      await db.exec(["ALTER TABLE v_resume_history DROP COLUMN statements_fingerprint"]);
      await db.exec(["UPDATE v_resume_history SET athanor_version = '0.0.1-older' WHERE status = 'partial'"]);
      const before = await snapshot();
      const refused = await upgrade(options(), "heads", { resume: true }).catch(
        (e: unknown) => e as AthanorError,
      );
      expect(refused).toMatchObject({
        code: "ATHANOR_RESUME_REFUSED",
        meta: { reason: "rendering-unrecorded", recordedVersion: "0.0.1-older" },
      });
      expect((refused as Error).message).toContain(
        "athanor 0.0.1-older started that run and recorded no fingerprint of the statements it did",
      );
      expect((refused as Error).message).toContain("Either resume it with athanor 0.0.1-older");
      expect(await snapshot()).toEqual(before);
      expect((await current(options())).partialRuns).toMatchObject([
        { resume: null, renderingChanged: true },
      ]);

      await db.exec([
        `UPDATE v_resume_history SET athanor_version = '${athanorVersion()}' WHERE status = 'partial'`,
      ]);
      const resumed = await upgrade(options(), "heads", { resume: true });
      expect(resumed.error).toBeUndefined();
      expect(await rows()).toEqual(finished);
      // the run gave the table its column back
      expect(Object.keys((await db.query("SELECT * FROM v_resume_history"))[0] ?? {})).toContain(
        "statements_fingerprint",
      );
    }, 120_000);
  });
}
