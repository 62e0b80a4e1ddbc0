import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// The files that take longest (wall seconds of the 2026-12-06 whole-suite run on CI's 2-core
// machine, after that session's size cuts), longest first. They start first, so no worker is
// left running one of them alone at the end while the others sit idle (the release dry run,
// ~95 s, used to start last and run alone). Vitest's own order puts unknown files by size, and
// these are small files that drive a lot. Re-rank from `node scripts/test.mjs`'s report when a
// file moves far.
const LONG_FILES = [
  "tests/publish/release-dry-run.test.ts", // 93
  "packages/cli/src/pglite-state-record.test.ts", // 75
  "packages/cli/src/autogenerate-contract-postgres.test.ts", // 64
  "tests/publish/pack-and-install.test.ts", // 63
  "packages/cli/src/reliability/internal-error-sweep.test.ts", // 46
  "packages/cli/src/reliability/boundary-trials.test.ts", // 46
  "packages/cli/src/workflow-pglite.test.ts", // 41
  "packages/cli/src/autogenerate-contract-pglite.test.ts", // 38
  "packages/mysql/src/galera/galera-lock.test.ts", // 37
  "packages/sqlite/src/kill.test.ts", // 35
  "packages/cli/src/status/status-pglite.test.ts", // 32
  "packages/cli/src/reliability/concurrency-mysql.test.ts", // 30
  "packages/testing/src/checks-mysql.test.ts", // 30
  "packages/postgres/src/pglite-start.test.ts", // 29
  "packages/drizzle/src/settle-both-corpus-postgres.test.ts", // 29
  "packages/cli/src/reliability/crash-postgres.test.ts", // 28
  "packages/cli/src/reliability/concurrency-postgres.test.ts", // 28
  "tests/external-dialect/external-dialect.test.ts", // 27
  "packages/postgres/src/conformance.test.ts", // 25
  "packages/drizzle/src/mysql-probe-corpus-mariadb.test.ts", // 24
  "packages/cli/src/autogenerate-contract-mariadb.test.ts", // 23
  "packages/mysql/src/galera/certification-abort.test.ts", // 23
  "tests/external-dialect/external-cli.test.ts", // 22
  "packages/cli/src/drift-pglite.test.ts", // 21
  "packages/cli/src/generated-columns-mariadb.test.ts", // 21
  "packages/cli/src/autogenerate-pglite.test.ts", // 8–24
  "packages/cli/src/contract-gates.test.ts", // 4–43
];

class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const i = LONG_FILES.indexOf(relative(spec.project.vitest.config.root, spec.moduleId));
      return i === -1 ? LONG_FILES.length : i;
    };
    const sorted = await super.sort(files);
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map((x) => x.spec);
  }
}

// scripts/test.mjs (CI) sets ATHANOR_TEST_SHARED_TIER=1: the database-free files then run as one
// project without per-file isolation (vitest.fast.config.ts, the `pnpm test:fast` tier: drivers
// that throw and sockets that refuse, so such a file cannot reach a server), and the packages'
// projects leave them out (scripts/test-tiers.mjs). A fresh worker per file costs ~0.45 s of CPU
// to start plus the packages' imports, ~100 times. Without it every file runs isolated in its
// package's project.
const sharedTier = process.env.ATHANOR_TEST_SHARED_TIER === "1" ? ["vitest.fast.config.ts"] : [];

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
