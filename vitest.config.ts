import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// The files that take longest, longest first: wall seconds of the 2026-12-06 (12th session)
// whole-suite run on the shared 2-core machine at a load of ~33, so stretched ~2x (the order is
// what counts), with the contract suites' sliced figures from a run at load ~25. They start
// first, so no worker is left running one of them alone at the end while the others sit idle
// (tests/sqlite/sqlite-cli.test.ts, 67 s, used to start last and run alone). Vitest's own order
// puts unknown files by size, and these are small files that drive a lot. Re-rank from
// `node scripts/test.mjs`'s report (node_modules/.cache/test-files.tsv) when a file moves far.
// 2026-12-07 (23rd session): re-ranked by the walls of a whole-suite run of main dca796ab (seed
// 424243, load ~20 throughout, 2,191 s of vitest wall: stretched, the order is what counts), with
// the files that wait most on MariaDB and PostgreSQL (prepared-resume-mariadb, views-cli, ...)
// added: they hold a worker for minutes at little CPU, so they start beside the CPU-heavy ones.
// A shared project's block starts at its best-ranked file: pglite-state-record anchors the
// `pglite` block (29 files, 541 s of summed wall, 135 s of CPU), postgres/conformance the
// `pglite-library` block (25 files, 452 s; none of its files was listed, so it ranked after all
// of them).
const LONG_FILES = [
  "tests/publish/pack-and-install.test.ts", // 152
  "tests/external-dialect/external-cli.test.ts", // 152
  "packages/drizzle/src/mysql-probe-corpus-mariadb.test.ts", // 144 (5 s of CPU: waits on MariaDB)
  "packages/cli/src/reliability/boundary-trials.test.ts", // 141
  "packages/cli/src/pglite-state-record.test.ts", // 35; anchors the pglite block (541 s summed)
  "packages/cli/src/reliability/prepared-resume-mariadb.test.ts", // 139
  "packages/cli/src/autogenerate-contract-d1.test.ts", // 126
  "packages/cli/src/reliability/contract-boundaries-mariadb.test.ts", // 125
  "tests/publish/release-dry-run.test.ts", // 121
  "packages/postgres/src/conformance.test.ts", // 115; anchors the pglite-library block (452 s summed)
  "packages/cli/src/reliability/internal-error-sweep.test.ts", // 109 (before its PostgreSQL half)
  "packages/cli/src/noop-summary-servers.test.ts", // 102
  "packages/cli/src/views-cli.test.ts", // 102
  "packages/sqlite/src/partial-resume.test.ts", // 99
  "packages/testing/src/checks-mysql.test.ts", // 90
  "packages/cli/src/fleet-url-secrets-mariadb.test.ts", // 83
  "packages/cli/src/check-probes-on-live-postgres.test.ts", // 82
  "packages/cli/src/autogenerate-contract-postgres.test.ts", // 82
  "packages/sqlite/src/rebuild-fidelity.test.ts", // 82 (before its D1 half)
  "packages/drizzle/src/settle-both-corpus-postgres.test.ts", // 69
  "packages/cli/src/loader/literal-module.test.ts", // 66
  "packages/cli/src/autogenerate-contract-mariadb.test.ts", // 65
  "packages/cli/src/database/op-cache-sql.test.ts", // 63
  "packages/cli/src/generated-columns-mariadb.test.ts", // 61
  "packages/cli/src/fleet-mixed-interrupt.test.ts", // 59
  "packages/cli/src/reliability/fuzz-graph.test.ts", // 58
  "packages/cli/src/config-filters.test.ts", // 57
  "packages/sqlite/src/rebuild-batch.test.ts", // 56
  "packages/drizzle/src/round-trip/views-corpus-postgres.test.ts", // 50
  "tests/external-dialect/external-dialect.test.ts", // 50
  "tests/sqlite/sqlite-cli.test.ts", // 41 (67 in the 12th session, when it started last and ran alone)
  "packages/sqlite/src/rebuild.test.ts", // 30 (before its D1 half)
];

// A worker of a project without per-file isolation (vitest.fast.config.ts, vitest.pglite.config.ts)
// takes the next file only while the queue's next file is of the same project; otherwise vitest
// ends it and the next file of that project pays a fresh worker. So such a project's files stay
// together in the queue, at the place of its longest file, longest first among them.
const SHARED_PROJECTS = new Set(["fast", "pglite", "pglite-library"]);

class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const fileRank = (spec: TestSpecification) => {
      const i = LONG_FILES.indexOf(relative(spec.project.vitest.config.root, spec.moduleId));
      return i === -1 ? LONG_FILES.length : i;
    };
    const projectRank = new Map<string, number>();
    for (const spec of files)
      if (SHARED_PROJECTS.has(spec.project.name))
        projectRank.set(
          spec.project.name,
          Math.min(projectRank.get(spec.project.name) ?? Infinity, fileRank(spec)),
        );
    const rank = (spec: TestSpecification) => projectRank.get(spec.project.name) ?? fileRank(spec);
    const sorted = await super.sort(files);
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort(
        (a, b) =>
          rank(a.spec) - rank(b.spec) ||
          // one shared project's block before another's of the same rank, never interleaved
          (a.spec.project.name === b.spec.project.name
            ? 0
            : a.spec.project.name < b.spec.project.name
              ? -1
              : 1) ||
          fileRank(a.spec) - fileRank(b.spec) ||
          a.i - b.i,
      )
      .map((x) => x.spec);
  }
}

// scripts/test.mjs (CI) sets ATHANOR_TEST_SHARED_TIER=1: the database-free files then run as one
// project without per-file isolation (vitest.fast.config.ts, the `pnpm test:fast` tier: drivers
// that throw and sockets that refuse, so such a file cannot reach a server), and the packages'
// projects leave them out (scripts/test-tiers.mjs). A fresh worker per file costs ~0.45 s of CPU
// to start plus the packages' imports, ~100 times. Without it every file runs isolated in its
// package's project.
// The `*pglite*` files run the same way in one project of their own (vitest.pglite.config.ts), and
// the library tests that start PGlite in another (vitest.pglite-library.config.ts).
const sharedTier =
  process.env.ATHANOR_TEST_SHARED_TIER === "1"
    ? ["vitest.fast.config.ts", "vitest.pglite.config.ts", "vitest.pglite-library.config.ts"]
    : [];

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tests", ...sharedTier],
    // Vitest's default in a run is one worker less than the cores: ONE on CI's 2-core machine.
    // Most of a file's time is spent waiting on a server or a child process, so more files than
    // cores run at once: the suite needs ~1,100-1,200 s of CPU (node and servers), ~600 s of 2
    // cores, yet took 1,203 s with three at once (2026-12-06), so half the cores sat idle. Four
    // at once under a load of 13-22 timed nothing out. Each file has its own databases, so
    // parallel files cannot collide.
    maxWorkers: Math.max(4, availableParallelism() + 2),
    sequence: { sequencer: LongFilesFirst },
  },
});
