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
// 2026-12-08 (25th session): re-ranked by the walls of a whole-suite run of main cdf3ec99 (seed
// 1391726710, load 4 -> 24, 1,854 s of vitest wall: stretched, the order is what counts), the
// files' figures now "wall (CPU)"; the files of 40 s or more of wall that were not listed are added
// (marked "new"): a file not listed here joins a shared project (scripts/test-tiers.mjs's
// serverTierFiles) and would start wherever its block's queue put it. The two block anchors
// (pglite-state-record, postgres/conformance) keep their early places. The files under 25 s of
// wall (fuzz-graph, check-probes-on-live-postgres, fleet-url-secrets-mariadb, literal-module,
// rebuild-batch, config-filters) left the list and join the shared projects.
export const LONG_FILES = [
  "tests/publish/pack-and-install.test.ts", // 125 s (65 s of CPU)
  "packages/drizzle/src/mysql-probe-corpus-mariadb.test.ts", // 146 s (6 s of CPU)
  "packages/cli/src/reliability/boundary-trials.test.ts", // 143 s (32 s of CPU)
  "packages/cli/src/pglite-state-record.test.ts", // 45 s (24 s of CPU)
  "packages/cli/src/reliability/contract-boundaries-mariadb.test.ts", // 125 s (15 s of CPU)
  "packages/cli/src/autogenerate-contract-mariadb.test.ts", // 114 s (13 s of CPU)
  "packages/sqlite/src/partial-resume.test.ts", // 113 s (18 s of CPU)
  "packages/drizzle/src/settle-both-corpus-postgres.test.ts", // 95 s (8 s of CPU)
  "packages/cli/src/noop-summary-servers.test.ts", // 92 s (12 s of CPU)
  "packages/postgres/src/conformance.test.ts", // 63 s (14 s of CPU)
  "packages/cli/src/autogenerate-contract-postgres.test.ts", // 91 s (15 s of CPU)
  "packages/cli/src/autogenerate-contract-d1.test.ts", // 83 s (19 s of CPU)
  "packages/testing/src/checks-mysql.test.ts", // 76 s (4 s of CPU)
  "packages/cli/src/reliability/internal-error-sweep.test.ts", // 75 s (10 s of CPU)
  "packages/cli/src/generated-columns-mariadb.test.ts", // 70 s (9 s of CPU)
  "packages/sqlite/src/rebuild-fidelity.test.ts", // 66 s (8 s of CPU)
  "packages/cli/src/reliability/crash-postgres.test.ts", // 62 s (7 s of CPU) new
  "packages/drizzle/src/round-trip/corpus-mariadb.test.ts", // 60 s (2 s of CPU) new
  "tests/publish/release-dry-run.test.ts", // 57 s (16 s of CPU)
  "tests/external-dialect/external-dialect.test.ts", // 57 s (13 s of CPU)
  "packages/cli/src/reliability/concurrency-mysql.test.ts", // 54 s (20 s of CPU) new
  "tests/external-dialect/external-cli.test.ts", // 54 s (19 s of CPU)
  "packages/drizzle/src/round-trip/views-corpus-postgres.test.ts", // 54 s (11 s of CPU)
  "packages/cli/src/reliability/prepared-resume-mariadb.test.ts", // 53 s (7 s of CPU)
  "packages/cli/src/reliability/crash-mysql.test.ts", // 52 s (5 s of CPU) new
  "packages/sqlite/src/backfill-d1.test.ts", // 51 s (10 s of CPU) new
  "packages/cli/src/noop-digest-histories.test.ts", // 49 s (9 s of CPU) new
  "packages/drizzle/src/mysql-render-guard.test.ts", // 48 s (11 s of CPU) new
  "packages/drizzle/src/round-trip/scenarios-mariadb.test.ts", // 47 s (2 s of CPU) new
  "packages/cli/src/fleet-mixed-interrupt.test.ts", // 47 s (7 s of CPU)
  "packages/sqlite/src/lock.test.ts", // 47 s (3 s of CPU) new
  "tests/sqlite/sqlite-cli.test.ts", // 46 s (9 s of CPU)
  "packages/sqlite/src/rebuild.test.ts", // 45 s (9 s of CPU)
  "packages/cli/src/reliability/concurrency-postgres.test.ts", // 43 s (17 s of CPU) new
  "packages/cli/src/drift/memory-replay-mariadb.test.ts", // 42 s (2 s of CPU) new
  "packages/mysql/src/fleet.test.ts", // 42 s (3 s of CPU) new
  "packages/cli/src/database/op-cache-sql.test.ts", // 41 s (8 s of CPU)
  "packages/cli/src/views-cli.test.ts", // 30 s (4 s of CPU)
];
