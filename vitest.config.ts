import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// Files that take minutes (measured in CI), longest first. They start first, so no worker is
// left running one of them alone at the end while the others sit idle. Vitest's own order puts
// unknown files by size, and these are small files that drive a lot.
const LONG_FILES = [
  "packages/cli/src/autogenerate-contract-postgres.test.ts",
  "packages/cli/src/autogenerate-contract-pglite.test.ts",
  "packages/cli/src/reliability/internal-error-sweep.test.ts",
  "tests/publish/pack-and-install.test.ts",
  "packages/cli/src/reliability/boundary-trials.test.ts",
  "packages/mysql/src/galera/galera-lock.test.ts",
  "packages/cli/src/autogenerate-contract-mariadb.test.ts",
  "packages/cli/src/autogenerate-pglite.test.ts",
  "packages/cli/src/contract-gates.test.ts",
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

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tests"],
    // Vitest's default in a run is one worker less than the cores: ONE on CI's 2-core machine,
    // so every file ran after the other. Most of a file's time is spent waiting on a server or a
    // child process (the contract suite's worker is idle ~90% of its run), so two files at a time
    // overlap those waits. Each file has its own databases, so parallel files cannot collide.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongFilesFirst },
  },
});
