import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBin } from "./bin-process.js";
import { boundaryTrial, type Calibration, calibrate, isRecordWindow } from "./boundary-trial.js";
import { seededRandom, trialSeed } from "./crash-trial.js";
import type { BoundaryKind } from "./interrupt-paused.js";
import {
  finishedState,
  type MixedSizes,
  mixedProject,
  pgliteTrialDatabase,
  readMixedState,
  serverTrialDatabase,
  sqliteTrialDatabase,
  type TrialDatabase,
  type TrialDialect,
} from "./mixed-project.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";
import { FULL } from "./trial-counts.js";

// Issue 14's bar: a revision mixing DDL, DML and a backfill, stopped at EVERY statement boundary
// — aimed by the runner's own output (the test-only ATHANOR_TEST_PAUSE_AFTER hook pauses it after
// statement n), never by timing — by kill -9, by the server ending its session, by Ctrl-C (once,
// or twice: the second at the runner's next statement), and by the server cancelling the next
// statement that touches a table (MariaDB `KILL QUERY`, PostgreSQL `pg_cancel_backend`);
// after the re-run (with --resume where the runner says so) every row, index and table equals
// the uninterrupted run. ATHANOR_RELIABILITY_FULL=1 runs every boundary with every kind (the
// figures in docs/guarantees.md §2b); CI runs a seeded sample that always includes the record
// windows. Replay a sample with ATHANOR_RELIABILITY_SEED.
const SIZES: MixedSizes = FULL ? { rows: 20_000, batchSize: 5000 } : { rows: 600, batchSize: 200 };
/**
 * Boundaries per kind in CI: a record window when the revision has one, and a random boundary
 * (PGlite: one, its every process start opens the database anew). The seed rotates per run, so
 * successive runs cover every boundary; ATHANOR_RELIABILITY_FULL=1 runs them all.
 */
const sampleSize = (dialect: TrialDialect) => (dialect === "pglite" ? 1 : 2);

interface Setup {
  readonly name: string;
  readonly dialect: TrialDialect;
  readonly transactional: boolean;
  readonly kinds: readonly BoundaryKind[];
  /** CI runs these kinds only (each on a sample); the full run runs all. */
  readonly ciKinds: readonly BoundaryKind[];
}

const SETUPS: readonly Setup[] = [
  {
    name: "PostgreSQL",
    dialect: "postgresql",
    transactional: true,
    kinds: ["kill9", "terminate", "sigint", "sigint2", "cancel"],
    ciKinds: ["kill9", "terminate", "sigint", "sigint2", "cancel"],
  },
  {
    name: "PostgreSQL, transactional: false",
    dialect: "postgresql",
    transactional: false,
    kinds: ["kill9", "terminate", "sigint", "sigint2", "cancel"],
    ciKinds: ["kill9"],
  },
  {
    name: "MariaDB",
    dialect: "mysql",
    transactional: true,
    kinds: ["kill9", "terminate", "killQuery", "sigint", "sigint2"],
    ciKinds: ["kill9", "terminate", "killQuery"],
  },
  // an embedded database has no session to end from outside
  { name: "PGlite", dialect: "pglite", transactional: true, kinds: ["kill9", "sigint"], ciKinds: ["kill9"] },
  // a file: no session to end from outside either
  {
    name: "SQLite",
    dialect: "sqlite",
    transactional: true,
    kinds: ["kill9", "sigint"],
    ciKinds: ["kill9", "sigint"],
  },
];

const seed = trialSeed();
/** `ATHANOR_RELIABILITY_BOUNDARIES=48,52`: replay those boundaries only (e.g. a failure's). */
const ONLY = process.env.ATHANOR_RELIABILITY_BOUNDARIES?.split(",").map(Number);
/** `ATHANOR_RELIABILITY_KINDS=terminate`: those kinds of interruption only. */
const KINDS = process.env.ATHANOR_RELIABILITY_KINDS?.split(",");

for (const setup of SETUPS) {
  describe(setup.name, () => {
    let project: string;
    let server: ScratchDatabase | undefined;
    let db: TrialDatabase;
    let calibration: Calibration;
    beforeAll(async () => {
      await buildBin();
      project = await mixedProject(setup.dialect, SIZES, {
        sleeps: false,
        transactional: setup.transactional,
        audit: true,
      });
      if (setup.dialect === "pglite") db = pgliteTrialDatabase(project);
      else if (setup.dialect === "sqlite") db = sqliteTrialDatabase(project);
      else {
        server = await scratchDatabase(setup.dialect, "boundary");
        db = serverTrialDatabase(server);
      }
      calibration = await calibrate(project, db);
      // the uninterrupted run itself is checked against the values worked out by hand
      expect(await readMixedState((sql) => db.query(sql))).toEqual(finishedState(SIZES.rows));
      expect(calibration.baseline.version).toEqual(["r003"]);
    }, 300_000);
    afterAll(() => server?.dispose());

    // kinds named by ATHANOR_RELIABILITY_KINDS run at any size; else CI runs its own
    const kinds =
      KINDS === undefined
        ? FULL
          ? setup.kinds
          : setup.ciKinds
        : setup.kinds.filter((k) => KINDS.includes(k));
    // ATHANOR_RELIABILITY_KINDS=terminate leaves PGlite nothing to run
    it.skipIf(kinds.length === 0)(
      `${kinds.join(", ")} at ${FULL ? "every" : "sampled"} statement boundaries of r002: every row equals an uninterrupted run`,
      async () => {
        const random = seededRandom(seed + setup.name.length);
        const tally = new Map<string, number>();
        let trials = 0;
        for (const kind of kinds) {
          for (const n of ONLY ??
            (FULL ? calibration.boundaries : sample(calibration, random, sampleSize(setup.dialect)))) {
            const label = `${setup.name} ${kind} after statement ${n} (${calibration.statements[n - 1]?.slice(0, 60)}; seed ${seed})`;
            const { path } = await boundaryTrial(project, db, calibration, n, kind, label);
            tally.set(`${kind}/${path}`, (tally.get(`${kind}/${path}`) ?? 0) + 1);
            trials++;
          }
        }
        const windows = calibration.boundaries.filter((n) => isRecordWindow(calibration, n)).length;
        console.log(
          `[reliability] ${setup.name}: ${trials} boundary trials (${calibration.boundaries.length} boundaries, #${calibration.boundaries[0]}–#${calibration.boundaries.at(-1)}, ${windows} record windows, ${SIZES.rows} rows; seed ${seed}): ${[
            ...tally.entries(),
          ]
            .map(([k, count]) => `${k}:${count}`)
            .join(" ")} — every row equal to an uninterrupted run in all`,
        );
        expect(trials).toBeGreaterThan(0);
      },
      7_200_000,
    );
  });
}

/**
 * CI's sample: a record window when there is one (one whose repeat would fail, not an `IF NOT
 * EXISTS` one: the resume must find it applied), then random boundaries.
 */
function sample(calibration: Calibration, random: () => number, size: number): number[] {
  const windows = calibration.boundaries.filter(
    (n) => isRecordWindow(calibration, n) && !/IF NOT EXISTS/i.test(calibration.statements[n - 1] ?? ""),
  );
  const picked = new Set<number>();
  if (windows.length > 0) picked.add(windows[Math.floor(random() * windows.length)] as number);
  while (picked.size < Math.min(size, calibration.boundaries.length))
    picked.add(calibration.boundaries[Math.floor(random() * calibration.boundaries.length)] as number);
  return [...picked];
}
