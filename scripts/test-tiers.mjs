// Splits the workspace's test files into the database-free tier (`pnpm test:fast`) and the rest.
// A test file needs a database when it, or a test helper it imports (relative imports into test
// code: `*.test.ts`, `testing/` folders, the CLI's `reliability/`), names one: a driver, a dialect
// factory, a test-database helper, a server URL, or a spawned process. Shipped source is not
// followed: it connects only to what a test hands it, and the test names that.
//
// A misfiled test fails loudly rather than connecting: vitest.fast.config.ts loads the drivers
// as modules that throw and refuses socket connections.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults } from "vitest/config";
import { LONG_FILES } from "./long-test-files.mjs";

const ROOT = resolve(new URL("..", import.meta.url).pathname);
const GROUPS = ["packages", "apps"];
const TEST_CODE = /(\.test\.ts$|\/testing\/|\/reliability\/)/;
const NEEDS_DATABASE = new RegExp(
  [
    "pglite",
    "@electric-sql",
    "mysql2",
    "better-sqlite3",
    "openSqliteConnection",
    'from "postgres"',
    'import\\("postgres"\\)',
    "(postgres|mysql|sqlite|pglite)Dialect\\(",
    "(postgres|mysql|pglite)TestDatabase",
    "createTestDatabase",
    "useTestDatabase",
    "describeMigrations",
    "describeDialectConformance",
    "describeResumeSuite",
    "TEST_(PG|MYSQL|DATABASE)_URL",
    "ATHANOR_TEST_",
    "127\\.0\\.0\\.1",
    "localhost:",
    "fresh(Postgres|Pglite|Mysql)",
    "TestServer",
    "child_process",
    // in-memory and emulated engines, a SQLite file URL, an outside dialect built on PGlite, and
    // helpers outside test folders that open databases themselves
    "sqliteMemoryDialect",
    "d1Dialect",
    "miniflare",
    "file:\\./",
    "quirklite",
    "runRollout",
  ].join("|"),
  "i",
);
const IMPORT =
  /(?:import|export)[^"'`;]*?from\s*["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** Every `*.test.ts` under `packages/<pkg>/src`, `apps/<app>/src` and `tests/`, relative to the root. */
function testFiles(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".test.ts")) found.push(relative(root, path));
    }
  };
  for (const group of GROUPS)
    for (const name of readdirSync(join(root, group))) {
      const src = join(root, group, name, "src");
      if (existsSync(src)) walk(src);
    }
  if (existsSync(join(root, "tests"))) walk(join(root, "tests"));
  return found.sort();
}

/** The `.ts` file a relative `./x.js` import names, if it exists. */
function sourceOf(from, specifier) {
  const target = resolve(dirname(from), specifier);
  for (const candidate of [
    target.replace(/\.m?js$/, ".ts"),
    target,
    `${target}.ts`,
    join(target, "index.ts"),
  ])
    if (existsSync(candidate) && candidate.endsWith(".ts")) return candidate;
  return undefined;
}

/** Whether the file, or test code it imports (transitively), matches `pattern`. */
function testCodeMatches(file, pattern, seen = new Set()) {
  if (seen.has(file)) return false;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  if (pattern.test(text)) return true;
  for (const match of text.matchAll(IMPORT)) {
    const target = sourceOf(file, match[1] ?? match[2]);
    if (target && TEST_CODE.test(target) && testCodeMatches(target, pattern, seen)) return true;
  }
  return false;
}

/** Whether the file, or test code it imports (transitively), names a database. */
const needsDatabase = (file) => testCodeMatches(file, NEEDS_DATABASE);

/**
 * The test files of the database-free tier, relative to the workspace root.
 *
 * @example
 * ```js
 * databaseFreeTests(); // ["packages/core/src/graph/target.test.ts", ...]
 * ```
 */
export function databaseFreeTests(root = ROOT) {
  return testFiles(root).filter((file) => !needsDatabase(join(root, file)));
}

/**
 * The database-free files a whole-suite run (scripts/test.mjs sets ATHANOR_TEST_SHARED_TIER=1)
 * runs as one project without isolation (vitest.fast.config.ts's): those of packages/* and apps/*,
 * whose projects all give a test 60 s and a hook 120 s as that project does. tests/ keeps its own
 * (a publish step may take minutes).
 */
export function sharedTierFiles() {
  return databaseFreeTests().filter((file) => !file.startsWith("tests/"));
}

// Files not named `*pglite*` that run the CLI in-process on a project without a URL (so on an
// embedded PGlite), set no environment variable and mock no module: in a worker of their own each
// paid PGlite's WebAssembly start and the CLI's imports again. Library tests that start PGlite
// (core's runner tests, @athanor/postgres's) do not belong here: the CLI sets a process-wide
// next-step phrasing (core's text/next-step.ts), and after a CLI file in the same worker their
// library hints ("upgrade(options, { resume: true })") read as commands.
const PGLITE_IN_PROCESS = [
  "packages/cli/src/contract-gates.test.ts",
  "packages/cli/src/drizzle-kit-driver.test.ts",
  "packages/cli/src/graph-view/history-graph-database.test.ts",
  "packages/cli/src/import/import-drizzle-postgres.test.ts",
  "packages/cli/src/show-current.test.ts",
];

// Library tests that start PGlite in the test's own process (`freshPglite`, `pgliteDialect()`,
// `createTestDatabase({ url: "pglite" })`), set no environment variable, mock no module and never
// run the CLI's `main()`: a project of their own in CI (vitest.pglite-library.config.ts), apart
// from the `pglite` project's CLI files, whose process-wide next-step phrasing would reach them.
// In a worker of their own each paid PGlite's WebAssembly start and tier-up again.
const PGLITE_LIBRARY = [
  "packages/cli/src/database/lock-wait-reporter.test.ts",
  "packages/core/src/runner/checksum.test.ts",
  "packages/core/src/runner/failures.test.ts",
  "packages/core/src/runner/migrate.test.ts",
  "packages/core/src/runner/noop-summary.test.ts",
  "packages/core/src/runner/op-cache.test.ts",
  "packages/core/src/runner/refuse-placeholders.test.ts",
  "packages/core/src/runner/render-sql.test.ts",
  "packages/core/src/runner/run-state.test.ts",
  "packages/core/src/runner/stairway.test.ts",
  "packages/core/src/runner/stamp.test.ts",
  "packages/core/src/runner/transaction-guard.test.ts",
  "packages/drizzle/src/op-db/drizzle-of.test.ts",
  "packages/postgres/src/backfill.test.ts",
  "packages/postgres/src/conformance.test.ts",
  "packages/postgres/src/fleet.test.ts",
  "packages/postgres/src/partial-resume.test.ts",
  "packages/postgres/src/quote.test.ts",
  "packages/postgres/src/renderer-apply.test.ts",
  "packages/postgres/src/runner.test.ts",
  "packages/postgres/src/testing-helpers.test.ts",
  "packages/postgres/src/version-table-names.test.ts",
  "packages/testing/src/describe-migrations.test.ts",
  "packages/testing/src/test-database.test.ts",
  "packages/testing/src/typescript-files.test.ts",
];

/**
 * {@link PGLITE_LIBRARY}'s files that exist, relative to the workspace root: the
 * `pglite-library` project of a whole-suite run.
 *
 * @example
 * ```js
 * pgliteLibraryTierFiles(); // ["packages/cli/src/database/lock-wait-reporter.test.ts", ...]
 * ```
 */
export function pgliteLibraryTierFiles(root = ROOT) {
  return testFiles(root).filter((file) => PGLITE_LIBRARY.includes(file));
}

/**
 * The files named `*pglite*` under packages/* and apps/*, and {@link PGLITE_IN_PROCESS}, which a
 * whole-suite run gives one project without per-file isolation (vitest.pglite.config.ts): each one started PGlite in a fresh worker,
 * paying its WebAssembly start and V8's tier-up of its hot functions (~2 s of CPU) every time; a
 * worker that ran one already starts the next in ~0.6-1.5 s (PGlite keeps its compiled module per
 * process). The CLI runs in-process in most of them, so the whole CLI's imports are shared too.
 *
 * @example
 * ```js
 * pgliteTierFiles(); // ["apps/example/src/database/pglite-gate.test.ts", ...]
 * ```
 */
export function pgliteTierFiles(root = ROOT) {
  return testFiles(root).filter(
    (file) =>
      !file.startsWith("tests/") && (/pglite[^/]*\.test\.ts$/.test(file) || PGLITE_IN_PROCESS.includes(file)),
  );
}

// Test code that changes what the next file in the same process would find (environment
// variables, mocks and stubs, fake timers, the working folder, the exit code, process listeners)
// or counts what the process holds open: such a file keeps a worker of its own.
const TOUCHES_PROCESS =
  /vi\.(mock|doMock|stubEnv|stubGlobal|useFakeTimers|spyOn)\b|process\.env\.\w+\s*=[^=]|process\.env\[[^\]]+\]\s*=[^=]|delete process\.env|Object\.assign\(process\.env|process\.chdir\(|process\.exitCode|process\.on\(|getActiveResourcesInfo|globalThis\.\w+\s*=[^=]/;

/** Whether the file, or test code it imports (transitively), touches the process (TOUCHES_PROCESS). */
const touchesProcess = (file) => testCodeMatches(file, TOUCHES_PROCESS);

/**
 * The rest of the packages' and apps' files (they use a server, SQLite, D1 or a spawned process)
 * that a whole-suite run gives two projects without per-file isolation: `servers-cli` for
 * packages/cli (vitest.servers-cli.config.ts) and `servers` for the others
 * (vitest.servers.config.ts), apart for the reason the `pglite` and `pglite-library` projects are:
 * the CLI's next-step phrasing is process-wide. A fresh worker per file cost ~0.4 s of CPU (its
 * start, the packages' imports evaluated again): 56 files of mysql and postgres took 52.3 s of CPU
 * isolated, 30.2 s shared. Left isolated: the long files (scripts/long-test-files.mjs, so they
 * still start first) and the files that touch the process.
 *
 * @example
 * ```js
 * serverTierFiles("cli"); // ["packages/cli/src/check-cli.test.ts", ...]
 * ```
 */
export function serverTierFiles(group, root = ROOT) {
  const key = `${group}\0${root}`;
  if (!serverTiers.has(key)) serverTiers.set(key, findServerTierFiles(group, root));
  return serverTiers.get(key);
}
// every project's config asks (sharedTierExclude): the files are read once per process
const serverTiers = new Map();

function findServerTierFiles(group, root) {
  const taken = new Set([...sharedTierFiles(), ...pgliteTierFiles(root), ...pgliteLibraryTierFiles(root)]);
  return testFiles(root).filter(
    (file) =>
      !file.startsWith("tests/") &&
      file.startsWith("packages/cli/") === (group === "cli") &&
      !taken.has(file) &&
      !LONG_FILES.includes(file) &&
      !touchesProcess(join(root, file)),
  );
}

/**
 * The files a package's project leaves to the shared tiers (paths relative to the project) in a
 * whole-suite run. Empty otherwise: `vitest run --project <pkg> <file>` finds every file of its
 * package.
 */
export function sharedTierExclude(projectDir) {
  if (process.env.ATHANOR_TEST_SHARED_TIER !== "1") return [];
  const dir = resolve(projectDir);
  return [
    ...sharedTierFiles(),
    ...pgliteTierFiles(),
    ...pgliteLibraryTierFiles(),
    ...serverTierFiles("cli"),
    ...serverTierFiles("library"),
  ]
    .map((file) => join(ROOT, file))
    .filter((file) => file.startsWith(`${dir}/`))
    .map((file) => relative(dir, file));
}

/**
 * What every project's vitest config shares: the per-file CPU report's setup file
 * (scripts/test-usage/record-file.mjs) and, in a whole-suite run, the files it leaves to the
 * shared tiers. `configUrl` is the config's own `import.meta.url`.
 *
 * @example
 * ```js
 * export default defineProject({ test: { ...projectTestOptions(import.meta.url), include: ["src/**\/*.test.ts"] } });
 * ```
 */
export function projectTestOptions(configUrl) {
  return {
    setupFiles: [join(ROOT, "scripts/test-usage/record-file.mjs")],
    exclude: [...configDefaults.exclude, ...sharedTierExclude(fileURLToPath(new URL(".", configUrl)))],
  };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const free = databaseFreeTests();
  for (const file of free) console.log(file);
  console.error(`${free.length} of ${testFiles(ROOT).length} test files are database-free`);
}
