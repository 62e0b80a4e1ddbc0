import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ciSample } from "@athanor/core/testing";
import type { MigrationTestConfig, TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CorpusCase } from "../../../drizzle/src/testing/autogen-corpus/run-corpus-case.js";
import { runEveryCheck } from "./every-check.js";
import { type CliResult, runCli, tempDir, useSchemaFile } from "./harness.js";
import { reusedSessions } from "./reused-sessions.js";

/**
 * The corpus a dialect runs: the module that exports it (absolute path, so a project's schema
 * file can import one case from it) and the export's name. Every case of the export is run, so
 * a case added to the corpus is held to the contract without touching this suite.
 */
export interface ContractCorpus {
  readonly module: string;
  readonly exportName: string;
  readonly cases: readonly CorpusCase[];
}

/** Where the CLI project keeps its database, and a second database the checks walk on. */
export interface ContractBackend {
  readonly dialect: "postgresql" | "mysql" | "sqlite";
  /** Environment of every CLI run (`DATABASE_URL`; nothing for PGlite). */
  env(): Record<string, string>;
  /** Empties the CLI's database before a case (PGlite: each project has its own). */
  resetProject(): Promise<void>;
  /** Extra `defineConfig` fields for the project, e.g. `sqlite: { driver: "libsql" }`. */
  readonly config?: string | undefined;
  /** The database the `@athanor/testing` checks run on. */
  readonly checks: TestDatabase;
  dispose(): Promise<void>;
}

const CORPUS_DIR = resolve(import.meta.dirname, "../../../drizzle/src/testing/autogen-corpus");

/** The PostgreSQL corpus (also run on PGlite). */
export async function pgCorpus(): Promise<ContractCorpus> {
  const module = join(CORPUS_DIR, "pg-cases.ts");
  const { PG_CASES } = await import("../../../drizzle/src/testing/autogen-corpus/pg-cases.js");
  return { module, exportName: "PG_CASES", cases: PG_CASES };
}

/** The PostgreSQL cases that add an enum value and use it in the same change (also in PG_CASES). */
export async function pgEnumUseCorpus(): Promise<ContractCorpus> {
  const module = join(CORPUS_DIR, "pg-enum-use-cases.ts");
  const { PG_ENUM_USE_CASES } = await import(
    "../../../drizzle/src/testing/autogen-corpus/pg-enum-use-cases.js"
  );
  return { module, exportName: "PG_ENUM_USE_CASES", cases: PG_ENUM_USE_CASES };
}

/** The MySQL/MariaDB corpus. */
export async function mysqlCorpus(): Promise<ContractCorpus> {
  const module = join(CORPUS_DIR, "mysql-cases.ts");
  const { MYSQL_CASES } = await import("../../../drizzle/src/testing/autogen-corpus/mysql-cases.js");
  return { module, exportName: "MYSQL_CASES", cases: MYSQL_CASES };
}

/** The SQLite corpus (cli testing: it is only run by the contract suite). */
export async function sqliteCorpus(): Promise<ContractCorpus> {
  const module = join(import.meta.dirname, "sqlite-contract-cases.ts");
  const { SQLITE_CONTRACT_CASES } = await import("./sqlite-contract-cases.js");
  return { module, exportName: "SQLITE_CONTRACT_CASES", cases: SQLITE_CONTRACT_CASES };
}

/**
 * A corpus as CI runs it: a seeded 1-in-`every` slice of its cases that rotates from run to run
 * (`ciSample`), or every case with `ATHANOR_RELIABILITY_FULL=1`. `note` says which slice ran and
 * its seed; put it in the suite's name so a failure names how to replay it.
 *
 * @example
 * ```ts
 * const pg = await sampledCorpus(pgCorpus, 3);
 * defineContractSuite(`PostgreSQL 15 ${pg.note}`, pg.corpus, makeBackend);
 * ```
 */
export async function sampledCorpus(
  makeCorpus: () => Promise<ContractCorpus>,
  every: number,
): Promise<{ readonly note: string; readonly corpus: () => Promise<ContractCorpus> }> {
  const whole = await makeCorpus();
  const { cases, note } = ciSample(whole.cases, every);
  return { note, corpus: async () => ({ ...whole, cases }) };
}

/** A schema module exporting what one side of a case exports, as a user's schema.ts would. */
function schemaModule(corpus: ContractCorpus, c: CorpusCase, side: "before" | "after"): string {
  const keys = Object.keys(c[side]());
  return [
    `import { ${corpus.exportName} as cases } from ${JSON.stringify(corpus.module)};`,
    `const m = cases.find((c) => c.name === ${JSON.stringify(c.name)}).${side}();`,
    ...keys.map((k, i) => `export const e${i} = m[${JSON.stringify(k)}];`),
    "",
  ].join("\n");
}

const TODO_PLACEHOLDER = '"/* TODO(athanor): expression */ NULL"';

interface LintJson {
  readonly findings: readonly { ruleId: string; severity: string; revision: string; message: string }[];
}

/**
 * The contract between autogenerate and the rest of athanor, over the whole autogenerate corpus,
 * staged and `--no-stage`: what `revision --autogenerate` writes (once its `TODO(athanor)`
 * backfill stubs are filled, as the user must) passes `athanor lint` at default settings with
 * no error, and passes every `@athanor/testing` check — single head, each revision from its
 * parent, stairway, downgrade leaves no trace, models match migrations, and old code keeps
 * reading the old columns through every expand and migrate revision. `knownGaps` names cases
 * (with why) that do not hold yet: they run as `test.fails`, so fixing one turns the suite red
 * until its entry goes.
 */
export function defineContractSuite(
  name: string,
  makeCorpus: () => Promise<ContractCorpus>,
  makeBackend: () => Promise<ContractBackend>,
  knownGaps: Readonly<Record<string, string>> = {},
  options: ContractSuiteOptions = {},
): void {
  const lanes = contractLanes(options.lanes ?? 1);
  describe(`autogenerate → lint → @athanor/testing contract on ${name}`, async () => {
    const corpus = await makeCorpus();
    const pool = new BackendPool();
    beforeAll(async () => {
      pool.add(await Promise.all(Array.from({ length: lanes }, () => makeBackend())));
    }, 120_000);
    afterAll(async () => pool.dispose());

    // One case at a time per backend; with several lanes, as many cases at once, each on its own
    // databases (the in-process CLI and the checks keep no state between projects).
    const declare = lanes > 1 ? test.concurrent : test;
    for (const c of corpus.cases) {
      const gap = knownGaps[c.name];
      // A known gap must still fail: once fixed, the test says so and the entry must go.
      (gap === undefined ? declare : declare.fails)(
        gap === undefined ? c.name : `${c.name} (known gap: ${gap})`,
        () =>
          pool.use(async (backend) => {
            const staged = await runMode(corpus, backend, c, "staged");
            // Without a staged recipe the two modes write the same file: run --no-stage only when
            // it differs, from the project as it stood before the staged run's `after` revision.
            if (staged.staged) await runMode(corpus, backend, c, "--no-stage", staged.beforeProject);
          }),
        300_000,
      );
    }
  });
}

export interface ContractSuiteOptions {
  /**
   * Cases run at once, each lane on backends of its own (default 1). A case mostly waits on the
   * server (new sessions, DDL, catalogue reads), so a server backend runs several side by side.
   */
  readonly lanes?: number | undefined;
}

/** `ATHANOR_CONTRACT_LANES` (e.g. 1, to run the cases one after another), else the suite's own. */
function contractLanes(suite: number): number {
  const raw = process.env.ATHANOR_CONTRACT_LANES;
  if (raw === undefined || raw === "") return suite;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`ATHANOR_CONTRACT_LANES must be a positive integer, got "${raw}"`);
  return n;
}

/** Backends handed out one case at a time; a case waits until one is free. */
class BackendPool {
  readonly #all: ContractBackend[] = [];
  readonly #free: ContractBackend[] = [];
  readonly #waiting: ((backend: ContractBackend) => void)[] = [];

  add(backends: readonly ContractBackend[]): void {
    this.#all.push(...backends);
    for (const backend of backends) this.#release(backend);
  }

  async use<T>(work: (backend: ContractBackend) => Promise<T>): Promise<T> {
    const backend =
      this.#free.pop() ?? (await new Promise<ContractBackend>((resolve) => this.#waiting.push(resolve)));
    try {
      return await work(backend);
    } finally {
      this.#release(backend);
    }
  }

  async dispose(): Promise<void> {
    await Promise.all(this.#all.map((backend) => backend.dispose()));
  }

  #release(backend: ContractBackend): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#free.push(backend);
    else next(backend);
  }
}

/**
 * One case in one mode: whether `revision --autogenerate` staged it, and a copy of the project
 * with its `before` revision applied (for the other mode). From `beforeProject`, a copy of that
 * is used instead of building it again: the `after` run only reads the project's database (its
 * revision is upgraded on the checks' database), so the database is still as it was then.
 */
async function runMode(
  corpus: ContractCorpus,
  backend: ContractBackend,
  c: CorpusCase,
  mode: "staged" | "--no-stage",
  beforeProject?: string,
): Promise<{ staged: boolean; beforeProject: string }> {
  const project = tempDir("athanor-contract-");
  const cli = (...argv: string[]): Promise<CliResult> => runCli(project, argv, { env: backend.env() });
  const must = async (...argv: string[]): Promise<CliResult> => {
    const r = await cli(...argv);
    if (r.code !== 0)
      throw new Error(`${mode}: athanor ${argv.join(" ")} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    return r;
  };
  const versions = join(project, "migrations/versions");
  const hasBefore = Object.keys(c.before()).length > 0;
  if (beforeProject === undefined) {
    await backend.resetProject();
    await must("init", "--dialect", backend.dialect);
    useSchemaFile(project, backend.config);
    if (hasBefore) {
      writeFileSync(join(project, "schema.ts"), schemaModule(corpus, c, "before"));
      await must("revision", "--autogenerate", "-m", "before", "--rev-id", "a00000000001", "--no-stage");
      await must("upgrade");
    }
  } else {
    cpSync(beforeProject, project, { recursive: true, verbatimSymlinks: true });
    const current = hasBefore ? (await must("current")).stdout : "a00000000001";
    if (!current.includes("a00000000001")) throw new Error(`${mode}: the copied project is at ${current}`);
  }
  const before = tempDir("athanor-contract-before-");
  cpSync(project, before, { recursive: true, verbatimSymlinks: true });
  writeFileSync(join(project, "schema.ts"), schemaModule(corpus, c, "after"));
  const made = await must(
    "revision",
    "--autogenerate",
    "-m",
    "after",
    "--rev-id",
    "b00000000001",
    ...(mode === "--no-stage" ? ["--no-stage"] : []),
    ...(c.renames ?? []).flatMap((r) => ["--rename", r]),
  );
  const files = readdirSync(versions).filter((f) => f.endsWith(".ts"));
  const texts = new Map(files.map((f) => [f, readFileSync(join(versions, f), "utf8")]));
  const all = `${mode}:\n${[...texts.values()].join("\n// ----\n")}`;

  // A stub is an error until the user fills it; then (the tables are empty here) anything goes.
  const stubbed = [...texts].filter(([, text]) => text.includes(TODO_PLACEHOLDER));
  if (stubbed.length > 0) {
    const before = JSON.parse((await cli("lint", "--json")).stdout) as LintJson;
    const todo = before.findings.filter((f) => f.ruleId === "core/todo-placeholder");
    // generated files write upgrade() before downgrade(); lint judges upgrade() only
    const inUpgrade = stubbed.filter(
      ([, text]) => text.indexOf(TODO_PLACEHOLDER) < text.search(/\n {2}(async )?downgrade\(/),
    );
    expect(todo.length, all).toBe(
      inUpgrade.reduce(
        (n, [, text]) =>
          n + text.slice(0, text.search(/\n {2}(async )?downgrade\(/)).split(TODO_PLACEHOLDER).length - 1,
        0,
      ),
    );
    for (const [file, text] of stubbed)
      writeFileSync(join(versions, file), text.replaceAll(TODO_PLACEHOLDER, '"NULL"'));
  }

  const lint = await cli("lint", "--json");
  const report = JSON.parse(lint.stdout) as LintJson;
  // a warning, yet autogenerate writes op.requireValuesFit before every narrowing: never one here
  const errors = report.findings.filter(
    (f) =>
      f.severity === "error" ||
      f.ruleId.endsWith("/narrowing-without-values-fit") ||
      blockingRedefine(f, texts),
  );
  const problems = errors.map((f) => `${mode}: ${f.ruleId} in ${f.revision}: ${f.message}`);
  if (problems.length > 0) throw new Error(`${problems.join("\n")}\n\n${all}`);
  expect(lint.code).toBe(0);

  const irreversible = [...texts]
    .filter(([, text]) => text.includes("TODO(athanor): irreversible"))
    .map(([file]) => file.split("_")[0] ?? "");
  const selects = hasBefore ? await oldCodeQueries(backend.checks, versions) : [];
  const checkConfig: MigrationTestConfig = {
    revisions: versions,
    database: backend.checks,
    irreversible,
    desired: { drizzleModules: [c.after()] },
    smoke: async ({ connection }) => {
      for (const sql of selects) await connection.query(sql);
    },
  };
  const results = await runEveryCheck(backend.checks, checkConfig);
  const failures = results.flatMap((r) => (r.ok ? [] : [`${mode}: ${r.check}: ${r.failure.message}`]));
  if (failures.length > 0) throw new Error(`${failures.join("\n")}\n\n${all}`);
  return { staged: made.stdout.includes("Staged into"), beforeProject: before };
}

/**
 * What old code runs: a SELECT of every column of every table as the first revision left them
 * (read by upgrading the check database to it alone).
 */
async function oldCodeQueries(db: TestDatabase, versions: string): Promise<string[]> {
  const { upgrade } = await import("@athanor/core");
  await db.reset();
  await upgrade({ dialect: db.dialect, revisions: versions }, "a00000000001");
  const model = await db.introspect();
  await db.reset();
  const q = (n: string) => (db.kind === "mysql" ? `\`${n}\`` : `"${n}"`);
  return model.tables.map((t) => {
    const table = db.kind === "mysql" ? q(t.name) : `${q(t.schema)}.${q(t.name)}`;
    return `SELECT ${t.columns.map((c) => q(c.name)).join(", ")} FROM ${table}`;
  });
}

/**
 * A contract backend on a server: three fresh databases made by `@athanor/testing` (dropped by
 * `dispose`) — the CLI project's, the checks', and a dev database the CLI builds in
 * (`ATHANOR_DEV_URL`). Without a dev database every `revision --autogenerate` creates and drops
 * a scratch database on the server (~1.5 s a pair on PostgreSQL, four pairs a case); the
 * scratch path itself is proven by autogenerate-postgres.test.ts and
 * dev-database-restricted.test.ts. On PostgreSQL the three databases commit without waiting for
 * the disk (`synchronous_commit = off`, set on these databases only): a server crash is not
 * what this suite tests, and the DDL-heavy cases commit hundreds of times. The checks reuse
 * their sessions, each cleaned as a pooler would (see `reusedSessions`).
 *
 * @example
 * ```ts
 * defineContractSuite("PostgreSQL 15", pgCorpus, () => serverContractBackend("postgresql", TEST_PG_URL, "contract_pg"));
 * ```
 */
export async function serverContractBackend(
  dialect: "postgresql" | "mysql",
  url: string,
  prefix: string,
): Promise<ContractBackend> {
  const { createTestDatabase } = await import("@athanor/testing");
  const [project, dev, checks] = await Promise.all([
    createTestDatabase({ url, prefix }),
    createTestDatabase({ url, prefix: `${prefix}_dev` }),
    createTestDatabase({ url, prefix: `${prefix}_checks` }),
  ]);
  if (dialect === "postgresql") await Promise.all([project, dev, checks].map(commitWithoutFsync));
  // after the ALTER DATABASE above: a session started before it would keep committing with fsync
  const checksOnReusedSessions = reusedSessions(checks);
  return {
    dialect,
    env: () => ({ DATABASE_URL: project.url ?? "", ATHANOR_DEV_URL: dev.url ?? "" }),
    // the CLI empties the dev database after each use; a case that failed half-way may not have
    resetProject: async () => {
      await Promise.all([project.reset(), dev.reset()]);
    },
    checks: checksOnReusedSessions,
    dispose: async () => {
      await Promise.all([project.dispose(), dev.dispose(), checksOnReusedSessions.dispose()]);
    },
  };
}

/**
 * A contract backend on PGlite: each CLI project keeps its own embedded database (no URL); the
 * checks walk an in-memory one.
 */
export async function pgliteContractBackend(): Promise<ContractBackend> {
  const { createTestDatabase } = await import("@athanor/testing");
  const checks = await createTestDatabase({ url: "pglite" });
  return {
    dialect: "postgresql",
    env: () => ({}),
    resetProject: async () => {},
    checks,
    dispose: () => checks.dispose(),
  };
}

/** `synchronous_commit = off` for every later session on this PostgreSQL database. */
async function commitWithoutFsync(db: TestDatabase): Promise<void> {
  const conn = await db.connect();
  try {
    await conn.executeScript([
      `ALTER DATABASE "${db.name.replaceAll('"', '""')}" SET synchronous_commit = off`,
    ]);
  } finally {
    await conn.close();
  }
}

/**
 * A warning, yet an index redefined under its name is swapped CONCURRENTLY by autogenerate: a
 * plain DROP INDEX of a name the generated files create again is never one here. Except beside a
 * DROP COLUMN of the same table in the same upgrade (a generated column rebuilt): that takes the
 * same ACCESS EXCLUSIVE lock and would drop the index anyway, so the DROP INDEX blocks nothing more.
 */
function blockingRedefine(
  finding: { ruleId: string; message: string; revision: string },
  texts: ReadonlyMap<string, string>,
): boolean {
  if (finding.ruleId !== "pg/drop-index-not-concurrent") return false;
  const [, name, table] = /^DROP INDEX (\S+) .* on (\S+)\.$/.exec(finding.message) ?? [];
  if (name === undefined || table === undefined) return false;
  // the upgrade() of the revisions autogenerate wrote for `after` (not the `before` one)
  const upgrades = [...texts]
    .filter(([file]) => !file.startsWith("a00000000001"))
    .map(([, text]) => text.slice(0, text.search(/\n {2}(async )?downgrade\(/)));
  const own = upgrades.find((t) => t.includes(`\n  id: ${JSON.stringify(finding.revision)},`)) ?? "";
  if (own.includes(`op.dropColumn(${JSON.stringify(table)}`)) return false;
  return upgrades.some((t) => t.includes(`op.createIndex(${JSON.stringify(name)}`));
}
