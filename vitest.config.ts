import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { LONG_FILES } from "./scripts/long-test-files.mjs";

// The files that take longest start first (scripts/long-test-files.mjs, which says why).

// A worker of a project without per-file isolation (vitest.fast.config.ts, vitest.pglite.config.ts)
// takes the next file only while the queue's next file is of the same project; otherwise vitest
// ends it and the next file of that project pays a fresh worker. So such a project's files stay
// together in the queue, at the place of its longest file, longest first among them.
const SHARED_PROJECTS = new Set(["fast", "pglite", "pglite-library", "servers", "servers-cli"]);

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
// the library tests that start PGlite in another (vitest.pglite-library.config.ts), and the rest of
// the packages' files but the long ones and those that touch the process in two more
// (vitest.servers.config.ts, vitest.servers-cli.config.ts).
const sharedTier =
  process.env.ATHANOR_TEST_SHARED_TIER === "1"
    ? [
        "vitest.fast.config.ts",
        "vitest.pglite.config.ts",
        "vitest.pglite-library.config.ts",
        "vitest.servers.config.ts",
        "vitest.servers-cli.config.ts",
      ]
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
