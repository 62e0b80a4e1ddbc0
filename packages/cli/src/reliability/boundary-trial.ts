import { expect } from "vitest";
import { type CliResult, runCli } from "../testing/harness.js";
import { type BinExit, runBin, startBin } from "./bin-process.js";
import { type BoundaryKind, interruptPaused, isCancel, isSigint, pauseAfter } from "./interrupt-paused.js";
import type { TrialDatabase } from "./mixed-project.js";
import { type RecordOutput, reportedTrial, TRIAL_DEBUG } from "./trial-report.js";

/** The statements of an uninterrupted traced run, and what the database held after it. */
export interface Calibration {
  /** `statements[i]` is statement i + 1 of the session, as the test hook printed it. */
  readonly statements: readonly string[];
  /** The boundaries inside r002: pause after statement n, for each n. */
  readonly boundaries: readonly number[];
  readonly baseline: RowSnapshot;
  /** The database after `upgrade r001`: what "nothing of r002 was applied" must mean. */
  readonly beforeR002: R001Snapshot;
  /** The database after the uninterrupted run's `downgrade r001` (equal to {@link beforeR002}). */
  readonly downgraded: R001Snapshot;
}

/** Every account's id and balance, the tables, indexes and version row, and (servers) the whole schema. */
export interface R001Snapshot {
  readonly accounts: string;
  readonly tables: readonly string[];
  readonly indexes: readonly string[];
  readonly version: readonly string[];
  readonly schema: string | undefined;
}

/** Every row of `accounts`, its indexes, the other tables and the version table. */
export interface RowSnapshot {
  readonly accounts: string;
  /** Every audit row (id, balance, note): the INSERT and the `compute` backfill. */
  readonly audit: string;
  readonly indexes: readonly string[];
  readonly afterR2: boolean;
  readonly version: readonly string[];
  /** Servers: the introspected schema (columns, types, indexes, keys) without athanor's tables. */
  readonly schema: string | undefined;
}

/**
 * How one trial ended up equal to the uninterrupted run: a plain re-run, `--resume`, or — in a
 * record window — a repeat that is safe (`IF NOT EXISTS`) or that failed and was undone by hand.
 */
export type TrialPath =
  | "re-run"
  | "resumed"
  | "window-repeat-safe"
  | "window-found-applied"
  | "window-undone-by-hand";

/** One trial's record, for the tally printed per dialect. */
export interface BoundaryOutcome {
  readonly path: TrialPath;
  readonly interrupted: BinExit;
}

const TRACE = /^athanor-test: statement (\d+): (.*)$/gm;

/**
 * The calibrated and the interrupted runs must send the same statements. A no-op summary the
 * calibration left (upgrade's noop-<key>.bin) is tried first by a later run once it is past its
 * 3 s racy window — a lock, a read and an unlock before the full upgrade — so whether a trial
 * sends those depended on timing. Both runs go without the caches; the re-runs keep them.
 */
const TRACED_RUN = { ATHANOR_NO_CACHE: "1" } as const;

/**
 * Runs `upgrade head` uninterrupted with the statement trace on; finds r002's boundaries.
 * `audit`: whether the project is the `audit` variant (its rows are then part of the baseline).
 */
export async function calibrate(
  project: string,
  db: TrialDatabase,
  { audit = true }: { readonly audit?: boolean } = {},
): Promise<Calibration> {
  await db.reset();
  const run = await runBin(project, ["upgrade", "head"], {
    ...db.env(),
    ...TRACED_RUN,
    ATHANOR_TEST_TRACE_STATEMENTS: "1",
  });
  expect(run.code, run.stderr).toBe(0);
  const statements = [...run.stderr.matchAll(TRACE)].map((m) => m[2] ?? "");
  const isCommit = (s: string) => /^COMMIT$/i.test(lastStatementOf(s));
  // r002 begins after the COMMIT that records r001 in the version table and ends with the one
  // recording r002 (the statement whose first literal is the revision: `VALUES ('r001')`, `SET
  // version_num = 'r002' WHERE … = 'r001'`). Keyed on history rows, as before, it ended at r002's
  // first COMMIT once those rows were updated by id: 8 of MariaDB's ~90 boundaries, 2 of PostgreSQL's.
  const endOf = (id: string) => {
    const recorded = statements.findIndex(
      (s) =>
        /athanor_version\b(?!_)/.test(s) && /^(INSERT|UPDATE)\b/i.test(s) && /'([^']*)'/.exec(s)?.[1] === id,
    );
    return statements.findIndex((s, i) => i > recorded && isCommit(s));
  };
  const first = endOf("r001") + 2;
  const last = endOf("r002") + 1;
  expect(first, statements.join("\n")).toBeGreaterThan(1);
  expect(last).toBeGreaterThan(first);
  const boundaries = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const baseline = await rowSnapshot(db, audit);
  const down = await runCli(project, ["downgrade", "r001", "--json"], { env: db.env() });
  expect(down.code, down.stdout).toBe(0);
  const downgraded = await r001Snapshot(db);
  await db.reset();
  const r001 = await runCli(project, ["upgrade", "r001", "--json"], { env: db.env() });
  expect(r001.code, r001.stdout).toBe(0);
  const beforeR002 = await r001Snapshot(db);
  // the uninterrupted downgrade leaves what r002 found
  expect(downgraded).toEqual(beforeR002);
  const head = await runCli(project, ["upgrade", "head", "--json"], { env: db.env() });
  expect(head.code, head.stdout).toBe(0);
  return { statements, boundaries, baseline, beforeR002, downgraded };
}

/** The tables of the database besides athanor's, sorted. */
function tablesSql(db: TrialDatabase): string {
  return db.dialect === "sqlite"
    ? "(SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'athanor%' ORDER BY name))"
    : db.dialect === "mysql"
      ? "(SELECT GROUP_CONCAT(table_name ORDER BY table_name) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name NOT LIKE 'athanor%')"
      : "(SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'athanor%')";
}

/** What `upgrade r001` leaves (and a downgrade to r001 must leave): read in one query. */
export async function r001Snapshot(db: TrialDatabase): Promise<R001Snapshot> {
  const [row] = await db.query(
    db.dialect === "sqlite"
      ? "SELECT (SELECT group_concat(r, ',') FROM (SELECT id || ':' || balance AS r FROM accounts ORDER BY id)) AS accounts, " +
          `${tablesSql(db)} AS tables, ` +
          "(SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'accounts' ORDER BY name)) AS indexes, " +
          "(SELECT group_concat(version_num, ',') FROM athanor_version) AS version"
      : db.dialect === "mysql"
        ? "SELECT (SELECT GROUP_CONCAT(CONCAT_WS(':', id, balance) ORDER BY id SEPARATOR ',') FROM accounts) AS accounts, " +
          `${tablesSql(db)} AS tables, ` +
          "(SELECT GROUP_CONCAT(DISTINCT index_name ORDER BY index_name) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'accounts') AS indexes, " +
          "(SELECT GROUP_CONCAT(version_num) FROM athanor_version) AS version"
        : "SELECT (SELECT string_agg(concat_ws(':', id, balance), ',' ORDER BY id) FROM accounts) AS accounts, " +
          `${tablesSql(db)} AS tables, ` +
          "(SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'accounts') AS indexes, " +
          "(SELECT string_agg(version_num, ',') FROM athanor_version) AS version",
  );
  return {
    accounts: String(row?.accounts),
    tables: list(row?.tables),
    indexes: list(row?.indexes),
    version: list(row?.version),
    schema: await db.server?.model(),
  };
}

const list = (value: unknown) => (value == null ? [] : String(value).split(","));

/**
 * Reads what a trial compares with the uninterrupted run, in one query (PGlite opens per query).
 * Without `audit` (a project of another variant has no such table) its rows read as null.
 */
export async function rowSnapshot(db: TrialDatabase, audit = true): Promise<RowSnapshot> {
  // SQLite resolves every table at prepare: a missing audit table fails even an unreached branch
  const auditRows = !audit
    ? "NULL"
    : db.dialect === "sqlite"
      ? "(SELECT group_concat(r, ',') FROM (SELECT id || ':' || balance || ':' || COALESCE(note, 'null') AS r FROM audit ORDER BY id))"
      : db.dialect === "mysql"
        ? "(SELECT GROUP_CONCAT(CONCAT_WS(':', id, balance, COALESCE(note, 'null')) ORDER BY id SEPARATOR ',') FROM audit)"
        : "(SELECT string_agg(concat_ws(':', id, balance, COALESCE(note, 'null')), ',' ORDER BY id) FROM audit)";
  const [row] = await db.query(
    db.dialect === "sqlite"
      ? "SELECT (SELECT group_concat(r, ',') FROM (SELECT id || ':' || balance || ':' || COALESCE(w, 'null') AS r FROM accounts ORDER BY id)) AS accounts, " +
          "(SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'accounts' ORDER BY name)) AS indexes, " +
          "(SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'after_r2') AS after_r2, " +
          `${auditRows} AS audit, ` +
          "(SELECT group_concat(version_num, ',') FROM athanor_version) AS version"
      : db.dialect === "mysql"
        ? "SELECT (SELECT GROUP_CONCAT(CONCAT_WS(':', id, balance, COALESCE(w, 'null')) ORDER BY id SEPARATOR ',') FROM accounts) AS accounts, " +
          "(SELECT GROUP_CONCAT(DISTINCT index_name ORDER BY index_name) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'accounts') AS indexes, " +
          "(SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'after_r2') AS after_r2, " +
          `${auditRows} AS audit, ` +
          "(SELECT GROUP_CONCAT(version_num) FROM athanor_version) AS version"
        : "SELECT (SELECT string_agg(concat_ws(':', id, balance, COALESCE(w::text, 'null')), ',' ORDER BY id) FROM accounts) AS accounts, " +
          "(SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'accounts') AS indexes, " +
          "(SELECT count(*) FROM pg_tables WHERE tablename = 'after_r2') AS after_r2, " +
          `${auditRows} AS audit, ` +
          "(SELECT string_agg(version_num, ',') FROM athanor_version) AS version",
  );
  return {
    accounts: String(row?.accounts),
    audit: String(row?.audit),
    indexes: list(row?.indexes),
    afterR2: Number(row?.after_r2) === 1,
    version: list(row?.version),
    schema: await db.server?.model(),
  };
}

/**
 * Whether pausing after statement `n` stops inside a window the guarantees name: a statement of
 * r002 that committed by itself (MySQL DDL, a `transactional: false` statement) and whose
 * progress record is the very next statement. A kill there leaves it done but unrecorded.
 */
export function isRecordWindow(calibration: Calibration, n: number): boolean {
  const done = calibration.statements[n - 1] ?? "";
  const next = calibration.statements[n] ?? "";
  const ownStatement = !/athanor_version|^(BEGIN|START TRANSACTION|COMMIT|SET|RESET|SELECT)\b/i.test(done);
  return (
    ownStatement &&
    /athanor_version_history/.test(next) &&
    /'partial'/.test(next) &&
    !inTransaction(calibration, n)
  );
}

/** Whether an explicit transaction is open after statement `n` (MySQL DDL commits it). */
function inTransaction(calibration: Calibration, n: number): boolean {
  let open = false;
  for (const s of calibration.statements.slice(0, n)) {
    if (/^(BEGIN|START TRANSACTION)\b/i.test(s)) open = true;
    else if (/^(COMMIT|ROLLBACK)\b/i.test(lastStatementOf(s))) open = false;
  }
  return open;
}

/**
 * The last statement of a traced script: SQLite sends its pre-COMMIT foreign key check and the
 * COMMIT as one script (the trace shows its line breaks as `\n`).
 */
function lastStatementOf(traced: string): string {
  return (
    traced
      .split(/\\n|\n/)
      .at(-1)
      ?.trim() ?? ""
  );
}

// The trace cuts each statement at 400 characters (core's test-pause-hook.ts).
const TRACE_CUT = 400;

/** A statement without its literals and numbers (run ids, times, durations differ per run). */
function shape(sql: string): string {
  return sql.replace(/'[^']*'?/g, "'?'").replace(/\d+/g, "0");
}

/**
 * Two traces made comparable statement by statement, as shapes. Whether a statement near 400
 * characters is cut, and where, depends on its literals (a duration of 713 ms against 0, a longer
 * note), so one run may cut it inside a literal and the other after it. A cut statement's shape is
 * a prefix of the uncut one's (a cut literal shapes as a whole one), but shapes shrink by unequal
 * amounts: where either was cut, both are compared by the length of the shorter shape.
 */
export function comparableTraces(
  a: readonly string[],
  b: readonly string[],
): [readonly string[], readonly string[]] {
  const shapedA = a.map(shape);
  const shapedB = b.map(shape);
  const cut = (i: number) => (a[i]?.length ?? 0) >= TRACE_CUT || (b[i]?.length ?? 0) >= TRACE_CUT;
  const common = (i: number) => Math.min(shapedA[i]?.length ?? 0, shapedB[i]?.length ?? 0);
  const compared = (list: readonly string[]) =>
    list.map((sql, i) => (cut(i) ? sql.slice(0, common(i)) : sql));
  return [compared(shapedA), compared(shapedB)];
}

/** Whether two traced statements are the same statement (see {@link comparableTraces}). */
export function sameStatement(a: string, b: string): boolean {
  const [x, y] = comparableTraces([a], [b]);
  return x[0] === y[0];
}

/** SQL that undoes, by hand, an r002 statement a kill left done but unrecorded. */
function undoByHand(db: TrialDatabase, statement: string): string {
  if (/ADD COLUMN/i.test(statement)) return "ALTER TABLE accounts DROP COLUMN w";
  if (/^CREATE TABLE audit\b/i.test(statement)) return "DROP TABLE audit";
  const index = /INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?(\w+)/i.exec(statement)?.[1];
  if (index === undefined) throw new Error(`no undo for a statement in a record window: ${statement}`);
  return db.dialect === "mysql" ? `DROP INDEX ${index} ON accounts` : `DROP INDEX ${index}`;
}

/**
 * One trial: reset, `upgrade head` paused by the test hook after statement `n`, interrupt it
 * with `kind`, then `upgrade head` (and `--resume` when that refuses with
 * ATHANOR_PARTIAL_REVISION). Every row, index and table must then equal the uninterrupted run —
 * except in a record window (MySQL DDL, non-transactional statements), where what the guarantees
 * promise is checked instead: the repeated statement fails with a coded error, nothing was applied
 * twice, and after undoing it by hand the re-run reaches the same rows.
 */
export function boundaryTrial(
  project: string,
  db: TrialDatabase,
  calibration: Calibration,
  n: number,
  kind: BoundaryKind,
  label: string,
): Promise<BoundaryOutcome> {
  // a failure anywhere prints every command's whole output and, ATHANOR_DEBUG=1, its stacks
  return reportedTrial(label, (record) =>
    interruptedTrial({ project, db: debugged(db), calibration, n, kind, label }, record),
  );
}

/** One trial's case: {@link boundaryTrial}'s arguments. */
interface TrialCase {
  readonly project: string;
  readonly db: TrialDatabase;
  readonly calibration: Calibration;
  readonly n: number;
  readonly kind: BoundaryKind;
  readonly label: string;
}

/** The database with ATHANOR_DEBUG=1 in the environment of every command run on it. */
function debugged(db: TrialDatabase): TrialDatabase {
  return { ...db, env: () => ({ ...db.env(), ...TRIAL_DEBUG }) };
}

async function interruptedTrial(trial: TrialCase, record: RecordOutput): Promise<BoundaryOutcome> {
  const { project, db, calibration, n, kind, label } = trial;
  await db.reset();
  const run = startBin(project, ["upgrade", "head"], {
    ...db.env(),
    ...TRACED_RUN,
    ATHANOR_TEST_PAUSE_AFTER: pauseAfter(n, kind),
  });
  const paused = await run.stderrShows(`athanor-test: paused after statement ${n}\n`);
  if (!paused) record("interrupted upgrade (it never paused)", await run.exited);
  expect(paused, `${label}: never paused`).toBe(true);
  await interruptPaused(run, n, kind, db.server);
  const interrupted = record("interrupted upgrade", await run.exited);
  const traced = [...interrupted.stderr.matchAll(TRACE)].map((m) => m[2] ?? "");
  const [sent, calibrated] = comparableTraces(traced.slice(0, n), calibration.statements.slice(0, n));
  expect(sent, `${label}: the run repeats the calibrated statements`).toEqual(calibrated);
  expect(interrupted.stderr, `${label}: no uncaught driver error`).not.toMatch(/TypeError|ATHANOR_INTERNAL/);
  if (isSigint(kind)) {
    expect([0, 130], `${label}: SIGINT exit\n${interrupted.stderr}`).toContain(interrupted.code);
    // a second Ctrl-C stops at once and sends the user to `athanor status`
    if (interrupted.code === 130)
      expect(interrupted.stderr, `${label}: names the next command`).toMatch(
        kind === "sigint2" ? /athanor (upgrade|status)/ : /athanor upgrade/,
      );
  }
  if (kind === "terminate" || isCancel(kind)) {
    expect(
      [0, 1],
      `${label}: terminated session exit (signal ${interrupted.signal}, ${Math.round(interrupted.ms)} ms)\n${interrupted.stderr.slice(-3000)}`,
    ).toContain(interrupted.code);
    if (interrupted.code === 1) expect(interrupted.stderr).toMatch(/ATHANOR_[A-Z_]+/);
  }
  await db.server?.waitForNoOtherSessions();
  await expectTruthTold(project, db, calibration, interrupted.stderr, label, record);

  // KILL QUERY and a cancel leave the session: the runner saw the statement run and records it done
  const window =
    ((kind === "kill9" || kind === "terminate") && isRecordWindow(calibration, n)) ||
    (kind === "sigint2" && stoppedInWindow(calibration, traced, n + 1));
  const windowStatement = calibration.statements[(kind === "sigint2" ? n + 1 : n) - 1] ?? "";
  let path: TrialPath = "re-run";
  let result = await upgradeOrResume(project, db, label, record);
  if (result.resumed) path = "resumed";
  if (window) {
    const statement = windowStatement;
    const repeatsSafely = /IF NOT EXISTS/i.test(statement);
    if (repeatsSafely) path = "window-repeat-safe";
    else if (db.dialect === "mysql" || db.dialect === "postgresql") {
      // MariaDB, PostgreSQL: the resume finds the statement applied (its object exists, an index
      // valid) and counts it done, saying so
      expect(result.final.code, `${label}: the resume goes on\n${result.final.stdout}`).toBe(0);
      expect(result.final.stdout, label).toContain("ATHANOR_RESUME_FOUND_APPLIED");
      path = "window-found-applied";
    } else {
      // the promise: the repeated statement fails, coded and naming r002; nothing ran twice
      expect(result.final.code, `${label}: a repeated DDL must fail\n${result.final.stdout}`).toBe(1);
      const error = JSON.parse(result.final.stdout).error as {
        code: string;
        message: string;
        meta?: unknown;
      };
      expect(error.code, label).toBe("ATHANOR_MIGRATION_FAILED");
      expect(error.message, label).toMatch(/r002/);
      expect(error.message, label).toMatch(/Duplicate|already exists/i);
      const balances = await db.query("SELECT DISTINCT balance AS b FROM accounts");
      expect(balances.length, `${label}: one balance for all rows`).toBe(1);
      expect([100, 150, 151], `${label}: no UPDATE applied twice`).toContain(Number(balances[0]?.b));
      // what the guarantees say to do: undo it by hand, then run again
      await db.query(undoByHand(db, statement));
      result = await upgradeOrResume(project, db, label, record);
      path = "window-undone-by-hand";
    }
  }
  expect(result.final.code, `${label}: final run\n${result.final.stdout}\n${result.final.stderr}`).toBe(0);
  expect(await rowSnapshot(db), `${label}: every row equal to an uninterrupted run`).toEqual(
    calibration.baseline,
  );
  const down = record("downgrade", await runCli(project, ["downgrade", "r001", "--json"], { env: db.env() }));
  expect(down.code, `${label}: downgrade after the trial\n${down.stdout}`).toBe(0);
  expect(await r001Snapshot(db), `${label}: the downgrade equals an uninterrupted downgrade`).toEqual(
    calibration.downgraded,
  );
  return { path, interrupted };
}

/** Says a step of r002 applied nothing (the runner's words for a verified rollback). */
const NOTHING_OF_R002 = /revision r002(?:(?!revision r0)[\s\S])*Nothing of it was applied/;

/**
 * What the interrupted run and `status` say must be true: "Nothing of it was applied" of r002
 * only when the database is exactly as `upgrade r001` left it; `status` shows a partial run of
 * r002 when its history says one.
 */
async function expectTruthTold(
  project: string,
  db: TrialDatabase,
  calibration: Calibration,
  stderr: string,
  label: string,
  record: RecordOutput,
): Promise<void> {
  const status = record("status", await runCli(project, ["status"], { env: db.env() }));
  const said = `${stderr}\n${status.stdout}\n${status.stderr}`;
  if (NOTHING_OF_R002.test(said))
    expect(await r001Snapshot(db), `${label}: "Nothing of it was applied" must be true\n${said}`).toEqual(
      calibration.beforeR002,
    );
  const partial = await db.query(
    "SELECT count(*) AS n FROM athanor_version_history WHERE revision = 'r002' AND status = 'partial'",
  );
  if (Number(partial[0]?.n) > 0)
    expect(status.stdout, `${label}: status shows the partial run`).toContain(
      "Partial run:   the upgrade of revision r002 stopped part-way",
    );
}

/**
 * Whether a run that stopped at once after its statement `m` (a second Ctrl-C) stopped in a
 * record window: it sent the calibrated statement m (the first Ctrl-C let the statement in flight
 * finish) and that is a window.
 */
function stoppedInWindow(calibration: Calibration, traced: readonly string[], m: number): boolean {
  const sent = traced[m - 1];
  return (
    sent !== undefined &&
    sameStatement(sent, calibration.statements[m - 1] ?? "") &&
    isRecordWindow(calibration, m)
  );
}

/**
 * `upgrade head --json`, and `upgrade head --resume --json` when that refuses with a partial
 * revision. In this process: what is on trial is what the interrupted process left behind, and
 * the next run reads only that (the database, the folder); a spawned CLI would cost its start-up
 * (~0.5 s of CPU) on each of the ~35 re-runs of a CI pass. The interrupted run stays a process.
 */
async function upgradeOrResume(
  project: string,
  db: TrialDatabase,
  label: string,
  record: RecordOutput,
): Promise<{ readonly final: CliResult; readonly resumed: boolean }> {
  const rerun = record("re-run", await runCli(project, ["upgrade", "head", "--json"], { env: db.env() }));
  if (rerun.code === 0) return { final: rerun, resumed: false };
  const error = JSON.parse(rerun.stdout).error as { code: string; message: string };
  if (error.code !== "ATHANOR_PARTIAL_REVISION") return { final: rerun, resumed: false };
  expect(error.message, label).toContain("`athanor upgrade --resume`");
  const resumed = record(
    "resume",
    await runCli(project, ["upgrade", "head", "--resume", "--json"], { env: db.env() }),
  );
  return { final: resumed, resumed: true };
}
