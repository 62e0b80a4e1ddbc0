import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/harness.js";
import { buildBin, runBin, startBin } from "./bin-process.js";
import { comparableTraces, sameStatement } from "./boundary-trial.js";
import { type ContractProject, contractProject, contractSnapshot, resetToBase } from "./contract-project.js";
import { seededRandom, trialSeed } from "./crash-trial.js";
import { type BoundaryKind, interruptPaused, isCancel, isSigint, pauseAfter } from "./interrupt-paused.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";
import { FULL } from "./trial-counts.js";
import { type RecordOutput, reportedTrial, TRIAL_DEBUG } from "./trial-report.js";

// A staged change on MariaDB — autogenerate's expand (ADD COLUMN, two CREATE TRIGGERs), migrate
// (an op.backfill in batches) and contract (DROP TRIGGERs, DROP COLUMN, RENAME COLUMN) — stopped
// at each statement boundary of `upgrade head` (aimed by the runner's own output,
// ATHANOR_TEST_PAUSE_AFTER, never by timing) by kill -9 of the CLI or by `KILL <id>` of its
// session. Then `status` must tell the truth, `upgrade` (with --resume where it says so) must
// finish, every row and the schema (columns, indexes, triggers) must equal an uninterrupted run,
// and `downgrade` must restore the schema and rows the upgrade started from. The `downgrade` from
// head is interrupted the same way at its own boundaries: `status` tells the truth, the re-run
// (`downgrade --resume` where it says so) ends equal to an uninterrupted downgrade (CI: the
// boundary after its GET_LOCK and one random; ATHANOR_RELIABILITY_DOWN_BOUNDARIES picks). CI runs a seeded
// sample that rotates per run (ATHANOR_RELIABILITY_SEED replays one, ATHANOR_RELIABILITY_BOUNDARIES
// picks boundaries); ATHANOR_RELIABILITY_FULL=1 runs every boundary with both kinds.
const ROWS = FULL ? 5000 : 1500; // batches of 1000: two or five
/** The kinds of interruption; CI runs the later ones on fewer boundaries (see {@link sample}). */
const KINDS: readonly BoundaryKind[] = ["kill9", "terminate", "sigint", "sigint2", "killQuery"];
type Kind = BoundaryKind;
/** Kinds CI runs at the full sample (the lock, a record window, two random); the rest at one or two. */
const CI_FULL_SAMPLE: readonly BoundaryKind[] = ["kill9", "terminate"];
const seed = trialSeed();
const ONLY = process.env.ATHANOR_RELIABILITY_BOUNDARIES?.split(",").map(Number);
/** `ATHANOR_RELIABILITY_KINDS=terminate`: those kinds of interruption only. */
const ONLY_KINDS = process.env.ATHANOR_RELIABILITY_KINDS?.split(",");
const TRACE = /^athanor-test: statement (\d+): (.*)$/gm;
const NO_CACHE = { ATHANOR_NO_CACHE: "1" } as const;

let db: ScratchDatabase;
let project: ContractProject;
let statements: string[];
/** The statements of an uninterrupted `downgrade <base>` from head, traced. */
let downStatements: string[];
let headVersion: string[];
let baseline: Record<string, unknown>;
let base: Record<string, unknown>;

beforeAll(async () => {
  await buildBin();
  db = await scratchDatabase("mysql", "contract_b");
  project = await contractProject(db);
  await resetToBase(project, db, ROWS);
  base = await contractSnapshot(db);
  const run = await runBin(project.dir, ["upgrade", "head"], {
    DATABASE_URL: db.url,
    ...NO_CACHE,
    ATHANOR_TEST_TRACE_STATEMENTS: "1",
  });
  expect(run.code, run.stderr).toBe(0);
  statements = [...run.stderr.matchAll(TRACE)].map((m) => m[2] ?? "");
  baseline = await contractSnapshot(db);
  // the uninterrupted run: text values, every row kept, no trigger or cursor left
  expect(baseline.triggers).toEqual([]);
  expect(baseline.cursorsLeft).toBe(0);
  expect(baseline.rows).toBe(base.rows);
  expect(JSON.stringify(baseline.columns)).toContain(
    '"COLUMN_NAME":"display_name","ORDINAL_POSITION":"3","COLUMN_TYPE":"text"',
  );
  headVersion = (await db.versionRows()) ?? [];
  const down = await runBin(project.dir, ["downgrade", project.base], {
    DATABASE_URL: db.url,
    ...NO_CACHE,
    ATHANOR_TEST_TRACE_STATEMENTS: "1",
  });
  expect(down.code, down.stderr).toBe(0);
  downStatements = [...down.stderr.matchAll(TRACE)].map((m) => m[2] ?? "");
  expect(await contractSnapshot(db), "the uninterrupted downgrade restores the start").toEqual(base);
}, 600_000);
afterAll(() => db?.dispose());

/** Boundaries of the staged revisions: after each statement of the run, but its last (the unlock). */
const boundaries = () => Array.from({ length: statements.length - 1 }, (_, i) => i + 1);

/** A DDL statement of the upgrade whose progress record is the next statement (it commits by itself). */
const isRecordWindow = (n: number): boolean => isWindowIn(statements, n);

describe("MariaDB staged type change (expand, backfill, contract)", () => {
  it(`${FULL ? "every" : "a sample of"} statement boundary: status tells the truth, the re-run ends equal to an uninterrupted run, downgrade restores the start`, async () => {
    const random = seededRandom(seed);
    const all = boundaries();
    const tally: string[] = [];
    for (const kind of KINDS.filter((k) => ONLY_KINDS?.includes(k) ?? true))
      for (const n of ONLY ?? (FULL ? all : sample(all, random, kind))) {
        const label = `${kind} after statement ${n} of ${all.length} (${statements[n - 1]?.slice(0, 70)}; seed ${seed})`;
        tally.push(`${kind}@${n}:${await trial(n, kind, label)}`);
      }
    console.log(`[reliability] MariaDB contract boundaries (${ROWS} rows, seed ${seed}): ${tally.join(" ")}`);
  }, 7_200_000);

  it(`${FULL ? "every" : "a sample of"} statement boundary of the downgrade: status tells the truth, the re-run ends equal to an uninterrupted downgrade`, async () => {
    const random = seededRandom(seed + 1);
    const all = Array.from({ length: downStatements.length - 1 }, (_, i) => i + 1);
    const locked = downStatements.findIndex((s) => /GET_LOCK/.test(s)) + 1;
    // CI: the boundary after GET_LOCK and one random for kill -9 and KILL; one random for the others
    const ciPicked = (kind: Kind) =>
      CI_FULL_SAMPLE.includes(kind)
        ? [...new Set([locked, pick(all, random)])].sort((a, b) => a - b)
        : [pick(all, random)];
    const tally: string[] = [];
    for (const kind of KINDS.filter((k) => ONLY_KINDS?.includes(k) ?? true))
      for (const n of ONLY_DOWN ?? (FULL ? all : ciPicked(kind))) {
        const label = `${kind} after downgrade statement ${n} of ${all.length} (${downStatements[n - 1]?.slice(0, 70)}; seed ${seed})`;
        tally.push(
          `${kind}@${n}:${await reportedTrial(label, (record) => downgradeTrial(n, kind, label, record))}`,
        );
      }
    console.log(
      `[reliability] MariaDB contract downgrade boundaries (${ROWS} rows, seed ${seed}): ${tally.join(" ")}`,
    );
  }, 7_200_000);
});

/** `ATHANOR_RELIABILITY_DOWN_BOUNDARIES=3,9`: those boundaries of the downgrade only. */
const ONLY_DOWN = process.env.ATHANOR_RELIABILITY_DOWN_BOUNDARIES?.split(",").map(Number);

const pick = (from: readonly number[], random: () => number) =>
  from[Math.floor(random() * from.length)] as number;

/**
 * CI's sample: for kill -9 and KILL, the boundary right after the run takes its lock (a session
 * ended there once made the next read fail as ATHANOR_INTERNAL), a record window, and two random
 * boundaries; for the other kinds a record window and one random (~5 s a trial).
 */
function sample(all: readonly number[], random: () => number, kind: Kind): number[] {
  const locked = statements.findIndex((s) => /GET_LOCK/.test(s)) + 1;
  const full = CI_FULL_SAMPLE.includes(kind);
  const picked = new Set<number>(full ? [locked] : []);
  picked.add(pick(all.filter(isRecordWindow), random));
  while (picked.size < (full ? 4 : 2)) picked.add(pick(all, random));
  return [...picked].sort((a, b) => a - b);
}

/** One trial; any failure in it prints every command's whole output (see {@link reportedTrial}). */
const trial = (n: number, kind: Kind, label: string) =>
  reportedTrial(label, (record) => interruptedTrial(n, kind, label, record));

async function interruptedTrial(n: number, kind: Kind, label: string, record: RecordOutput): Promise<string> {
  await resetToBase(project, db, ROWS);
  const window = await interruptedRun(["upgrade", "head"], statements, n, kind, label, record);
  await expectTruthTold(label, record, { version: [project.base], snapshot: base });

  let path = "re-run";
  let final = record("re-run", await runCli(project.dir, ["upgrade", "head", "--json"], { env: ENV() }));
  if (final.code !== 0 && JSON.parse(final.stdout).error?.code === "ATHANOR_PARTIAL_REVISION") {
    final = record(
      "resume",
      await runCli(project.dir, ["upgrade", "head", "--resume", "--json"], { env: ENV() }),
    );
    path = "resumed";
  }
  expect(final.code, `${label}: final run`).toBe(0);
  // a DDL statement done but unrecorded: the resume found it applied and said so
  if (window) expect(final.stdout, label).toContain("ATHANOR_RESUME_FOUND_APPLIED");
  expect(await contractSnapshot(db), `${label}: equal to an uninterrupted run`).toEqual(baseline);
  const down = record(
    "downgrade",
    await runCli(project.dir, ["downgrade", project.base, "--json"], { env: ENV() }),
  );
  expect(down.code, `${label}: downgrade`).toBe(0);
  expect(await contractSnapshot(db), `${label}: the downgrade restores the start`).toEqual(base);
  return path;
}

/**
 * The downgrade from head interrupted after its statement `n`: `status` tells the truth, then
 * `downgrade <base>` (with `--resume` where it says so) ends equal to an uninterrupted downgrade.
 */
async function downgradeTrial(n: number, kind: Kind, label: string, record: RecordOutput): Promise<string> {
  await resetToBase(project, db, ROWS);
  const up = record("upgrade head", await runCli(project.dir, ["upgrade", "head", "--json"], { env: ENV() }));
  expect(up.code, `${label}: the upgrade before the downgrade`).toBe(0);
  await interruptedRun(["downgrade", project.base], downStatements, n, kind, label, record);
  await expectTruthTold(label, record, { version: headVersion, snapshot: baseline });
  let path = "re-run";
  let final = record(
    "re-run",
    await runCli(project.dir, ["downgrade", project.base, "--json"], { env: ENV() }),
  );
  if (final.code !== 0 && JSON.parse(final.stdout).error?.code === "ATHANOR_PARTIAL_REVISION") {
    // `downgrade --resume` finishes the stopped revision only (its advice names no target): then on to base
    const resumed = record(
      "resume",
      await runCli(project.dir, ["downgrade", "--resume", "--json"], { env: ENV() }),
    );
    expect(resumed.code, `${label}: downgrade --resume`).toBe(0);
    final = record(
      "re-run after the resume",
      await runCli(project.dir, ["downgrade", project.base, "--json"], { env: ENV() }),
    );
    path = "resumed";
  }
  expect(final.code, `${label}: final run`).toBe(0);
  expect(await contractSnapshot(db), `${label}: equal to an uninterrupted downgrade`).toEqual(base);
  return path;
}

const ENV = () => ({ DATABASE_URL: db.url, ...TRIAL_DEBUG });

/**
 * Runs `argv` paused after statement `n`, interrupts it by `kind`; checks what it said. Returns
 * whether it stopped in a record window (a DDL statement done, its record not sent): kill -9 or
 * KILL right after one, or a second Ctrl-C right after one the first let finish.
 */
async function interruptedRun(
  argv: readonly string[],
  calibrated: readonly string[],
  n: number,
  kind: Kind,
  label: string,
  record: RecordOutput,
): Promise<boolean> {
  const run = startBin(project.dir, argv, {
    ...ENV(),
    ...NO_CACHE,
    ATHANOR_TEST_PAUSE_AFTER: pauseAfter(n, kind),
  });
  const paused = await run.stderrShows(`athanor-test: paused after statement ${n}\n`);
  if (!paused) record(`interrupted ${argv[0]} (it never paused)`, await run.exited);
  expect(paused, `${label}: never paused`).toBe(true);
  if (kind === "terminate") expect((await db.otherSessions()).length, label).toBeGreaterThan(0);
  await interruptPaused(run, n, kind, db);
  const interrupted = record(`interrupted ${argv[0]}`, await run.exited);
  const traced = [...interrupted.stderr.matchAll(TRACE)].map((m) => m[2] ?? "");
  const [sent, expected] = comparableTraces(traced.slice(0, n), calibrated.slice(0, n));
  expect(sent, `${label}: same statements as the calibration`).toEqual(expected);
  expect(interrupted.stderr, label).not.toMatch(/TypeError|ATHANOR_INTERNAL/);
  if (kind === "terminate" || isCancel(kind)) {
    expect([0, 1], `${label}: a killed session's or statement's exit`).toContain(interrupted.code);
    if (interrupted.code === 1) expect(interrupted.stderr, label).toMatch(/ATHANOR_[A-Z_]+/);
  }
  if (isSigint(kind)) {
    // Ctrl-C: 130 naming the next command, or 0 when the run had nothing left to stop
    expect([0, 130], `${label}: Ctrl-C's exit`).toContain(interrupted.code);
    if (interrupted.code === 130 && kind === "sigint")
      expect(interrupted.stderr, label).toMatch(new RegExp(`athanor (${argv[0]}|status)`));
  }
  await db.waitForNoOtherSessions();
  await expectNothingClaimedFalsely(interrupted.stderr, label);
  if (kind === "kill9" || kind === "terminate") return isWindowIn(calibrated, n);
  // a second Ctrl-C stops at once: after the statement the first let finish, if that was a window
  const m = n + 1;
  return (
    kind === "sigint2" &&
    traced[m - 1] !== undefined &&
    sameStatement(traced[m - 1] ?? "", calibrated[m - 1] ?? "") &&
    isWindowIn(calibrated, m)
  );
}

/** A DDL statement whose progress record is the next statement of `calibrated` (it commits by itself). */
function isWindowIn(calibrated: readonly string[], n: number): boolean {
  return (
    /^(ALTER|CREATE|DROP)\b/i.test(calibrated[n - 1] ?? "") &&
    /athanor_version_history/.test(calibrated[n] ?? "")
  );
}

/**
 * "Nothing of it was applied" said of a revision must be true: no partial record of it, and it
 * is where the run found it (not applied by an upgrade, still applied for a downgrade).
 */
async function expectNothingClaimedFalsely(stderr: string, label: string): Promise<void> {
  const said = [
    ...stderr.matchAll(
      /(upgrade|downgrade) of revision (\w+)(?:(?!revision \w)[\s\S])*?Nothing of it was applied/g,
    ),
  ];
  for (const [, direction, revision] of said) {
    const rows = await db.query<{ status: string }>(
      "SELECT status FROM athanor_version_history WHERE revision = ? ORDER BY id DESC LIMIT 1",
      [revision],
    );
    expect(
      rows[0]?.status,
      `${label}: "Nothing of ${revision} was applied" yet a partial run is recorded`,
    ).not.toBe("partial");
    const version = (await db.versionRows()) ?? [];
    const applied = await appliedRevisions(version);
    expect(
      applied.includes(revision ?? ""),
      `${label}: "Nothing of ${revision} was applied" (${direction})`,
    ).toBe(direction === "downgrade");
  }
}

/** The revisions applied at `version` (the staged chain is linear: base, expand, migrate, contract). */
async function appliedRevisions(version: readonly string[]): Promise<string[]> {
  const chain = [project.base, ...project.staged];
  const at = chain.indexOf(version[0] ?? "");
  return chain.slice(0, at + 1);
}

/** What `status` says must be what the database holds. */
async function expectTruthTold(
  label: string,
  record: RecordOutput,
  start: { readonly version: readonly string[]; readonly snapshot: Record<string, unknown> },
): Promise<void> {
  const status = record(
    "status",
    await runCli(project.dir, ["status"], { env: { DATABASE_URL: db.url, ...TRIAL_DEBUG } }),
  );
  const said = `${status.stdout}\n${status.stderr}`;
  const version = (await db.versionRows()) ?? [];
  expect(said, `${label}: status names the version table`).toContain(
    `Version table: ${version.join(", ") || "empty"}`,
  );
  const partial = await db
    .query<{ revision: string; direction: string; statement_index: number }>(
      "SELECT revision, direction, statement_index FROM athanor_version_history h WHERE id = (SELECT MAX(id) FROM athanor_version_history WHERE revision = h.revision) AND status = 'partial'",
    )
    .catch(() => []);
  for (const p of partial)
    expect(said, `${label}: status shows the partial run`).toContain(
      `the ${p.direction} of revision ${p.revision} stopped part-way: ${done(Number(p.statement_index))}`,
    );
  // the version table where the interrupted run started, nothing partial: nothing of it applied
  if (partial.length === 0 && version.join() === start.version.join())
    expect(
      await contractSnapshot(db),
      `${label}: nothing recorded, so nothing may be applied\n${said}`,
    ).toEqual(start.snapshot);
}

const done = (n: number) =>
  n === 0
    ? "none of its statements is recorded as complete"
    : n === 1
      ? "statement #0 is applied and committed"
      : `statements #0–#${n - 1} are applied and committed`;
