import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { ok, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";
import { runBin } from "./bin-process.js";
import type { ScratchDatabase } from "./scratch-server.js";

/** The databases the interruption trials run on. */
export type TrialDialect = "postgresql" | "mysql" | "pglite" | "sqlite";

/** Rows of `accounts` and the backfill's batch size, CI size and `ATHANOR_RELIABILITY_FULL=1`. */
export interface MixedSizes {
  readonly rows: number;
  readonly batchSize: number;
}

/**
 * How r002 is written: with a short sleep between its statements (so another session can aim at
 * them), and/or as a `transactional: false` revision (PostgreSQL: its indexes built
 * CONCURRENTLY). The boundary trials need neither sleep: they stop the runner by its output.
 */
export interface MixedVariant {
  readonly sleeps: boolean;
  readonly transactional: boolean;
  /**
   * r002 goes on after its index: CREATE TABLE audit, an INSERT … SELECT of every account into it
   * and a `compute` backfill (values made in JavaScript) of its `note` — DDL, DML (INSERT and
   * UPDATE), a `set` and a `compute` backfill in one revision. After any complete run every
   * audit row holds the account's balance after the first UPDATE (150) and note `n<id>-300`.
   */
  readonly audit?: boolean;
}

/**
 * A project of three revisions: r001 creates and fills `accounts` (balance 100 each); r002 is
 * the revision of issues 13/14, mixing DDL, DML and a backfill; r003 creates a table. After any
 * complete run every account has balance 151 and w = 300.
 *
 * r002's statements with sleeps: #0 add column w, #1 sleep (marker s1), #2 UPDATE balance + 50,
 * #3 sleep (s3), #4 the backfill w = balance * 2, #5 sleep (s5), #6 UPDATE balance + 1, #7 sleep
 * (s7), #8 CREATE INDEX on w. Without sleeps: #0 add column, #1 UPDATE, #2 backfill, #3 UPDATE,
 * #4 CREATE INDEX; `transactional: false` adds #5, a second index built without IF NOT EXISTS.
 */
export async function mixedProject(
  dialect: TrialDialect,
  sizes: MixedSizes,
  variant: MixedVariant = { sleeps: true, transactional: true },
): Promise<string> {
  const dir = tempDir("athanor-mixed-");
  await ok(dir, ["init", "--dialect", dialect === "pglite" ? "postgresql" : dialect]);
  for (const id of ["r001", "r002", "r003"]) await ok(dir, ["revision", "-m", id, "--rev-id", id]);
  const exec = (sql: string) => `op.execute(${JSON.stringify(sql)})`;
  setBody(
    dir,
    "r001",
    [exec(CREATE), exec(fill(dialect, sizes.rows))].join(";\n    "),
    exec("DROP TABLE accounts"),
  );
  const pause = (marker: number) => (variant.sleeps ? [exec(sleep(dialect, marker))] : []);
  const concurrently = variant.transactional ? "" : " CONCURRENTLY";
  const indexes = variant.transactional
    ? [exec("CREATE INDEX accounts_w ON accounts (w)")]
    : [
        exec("CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_w ON accounts (w)"),
        exec("CREATE INDEX CONCURRENTLY accounts_b ON accounts (balance)"),
      ];
  const dropIndex = (name: string) =>
    exec(dialect === "mysql" ? `DROP INDEX ${name} ON accounts` : `DROP INDEX${concurrently} ${name}`);
  setBody(
    dir,
    "r002",
    [
      'op.addColumn("accounts", { name: "w", type: "int" })',
      ...pause(1),
      exec("UPDATE accounts SET balance = balance + 50"),
      ...pause(3),
      `await op.backfill({ table: "accounts", set: { w: "balance * 2" }, batchSize: ${sizes.batchSize}, sleepMs: 20 })`,
      ...pause(5),
      exec("UPDATE accounts SET balance = balance + 1"),
      ...pause(7),
      ...indexes,
      ...(variant.audit ? auditStatements(sizes) : []),
    ].join(";\n    "),
    [
      ...(variant.audit ? [exec("DROP TABLE audit")] : []),
      ...(variant.transactional ? [] : [dropIndex("accounts_b")]),
      dropIndex("accounts_w"),
      exec("UPDATE accounts SET balance = balance - 51"),
      'op.dropColumn("accounts", "w")',
    ].join(";\n    "),
  );
  setBody(dir, "r003", exec("CREATE TABLE after_r2 (id int PRIMARY KEY)"), exec("DROP TABLE after_r2"));
  // the body awaits: make the function async
  const { readFileSync, writeFileSync } = await import("node:fs");
  const { revisionFile } = await import("../testing/sample-database-project.js");
  const file = revisionFile(dir, "r002");
  // DDL beside a backfill is what the trials are about; lint rightly calls it an error elsewhere
  const lint =
    '  lint: { ignore: [{ rule: "core/ddl-with-backfill", reason: "the interruption trials need DDL, DML and a backfill in one revision" }, ' +
    '{ rule: "pg/index-not-concurrent", reason: "a test table nobody else uses" }] },';
  const header = variant.transactional ? lint : `${lint}\n  transactional: false,`;
  writeFileSync(
    file,
    readFileSync(file, "utf8")
      .replace("upgrade(op) {", "async upgrade(op) {")
      .replace('  message: "r002",', `  message: "r002",\n${header}`),
  );
  return dir;
}

const CREATE = "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)";

/** r002's tail in the `audit` variant (see {@link MixedVariant}). */
function auditStatements(sizes: MixedSizes): string[] {
  const exec = (sql: string) => `op.execute(${JSON.stringify(sql)})`;
  return [
    exec("CREATE TABLE audit (id int PRIMARY KEY, balance int NOT NULL, note varchar(40))"),
    exec("INSERT INTO audit (id, balance) SELECT id, balance - 1 FROM accounts"),
    `await op.backfill({ table: "audit", columns: ["balance"], where: "note IS NULL", batchSize: ${sizes.batchSize}, ` +
      'compute: async (rows) => rows.map((r) => ({ id: r.id, note: "n" + r.id + "-" + Number(r.balance) * 2 })) })',
  ];
}

function fill(dialect: TrialDialect, rows: number): string {
  if (dialect === "sqlite")
    return `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${rows}) INSERT INTO accounts SELECT n, 100 FROM g`;
  if (dialect !== "mysql") return `INSERT INTO accounts SELECT g, 100 FROM generate_series(1, ${rows}) g`;
  const digits =
    "(SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
  return (
    `INSERT INTO accounts SELECT a.n * 10000 + b.n * 1000 + c.n * 100 + d.n * 10 + e.n + 1, 100 ` +
    `FROM ${digits} a, ${digits} b, ${digits} c, ${digits} d, ${digits} e WHERE a.n * 10000 + b.n * 1000 + c.n * 100 + d.n * 10 + e.n < ${rows}`
  );
}

/** A sleep whose text names the statement it precedes (`0.301` s before... marks #3). */
export function sleep(dialect: TrialDialect, marker: number): string {
  if (dialect === "sqlite")
    throw new Error("SQLite has no sleep statement: its trials stop the runner by its output");
  const seconds = `0.3${String(marker).padStart(2, "0")}`;
  return dialect === "mysql" ? `DO SLEEP(${seconds})` : `SELECT pg_sleep(${seconds})`;
}

/** What the trials compare: every row, summed, and where the version table is. */
export interface MixedState {
  readonly rows: number;
  readonly balance: number;
  readonly w: number;
  readonly unfilled: number;
  readonly wrongRows: number;
}

/** The state after an uninterrupted run. */
export function finishedState(rows: number): MixedState {
  return { rows, balance: rows * 151, w: rows * 300, unfilled: 0, wrongRows: 0 };
}

/** Reads the accounts table: counts, sums, and rows that differ from balance 151 / w 300. */
export async function readMixedState(
  query: (sql: string) => Promise<readonly Record<string, unknown>[]>,
): Promise<MixedState> {
  const [r] = await query(
    "SELECT count(*) AS n, sum(balance) AS b, sum(w) AS w, sum(CASE WHEN w IS NULL THEN 1 ELSE 0 END) AS unfilled, " +
      "sum(CASE WHEN balance <> 151 OR w IS NULL OR w <> 300 THEN 1 ELSE 0 END) AS wrong FROM accounts",
  );
  return {
    rows: Number(r?.n),
    balance: Number(r?.b),
    w: Number(r?.w ?? 0),
    unfilled: Number(r?.unfilled),
    wrongRows: Number(r?.wrong),
  };
}

/** A database the trials can reset and read; PGlite's lives in the project folder. */
export interface TrialDatabase {
  readonly dialect: TrialDialect;
  env(): Record<string, string>;
  reset(): Promise<void>;
  query(sql: string): Promise<readonly Record<string, unknown>[]>;
  /** Server databases only: the runner's session, once it runs a statement containing `marker`. */
  readonly server?: ScratchDatabase | undefined;
}

/** The server database as a trial database. */
export function serverTrialDatabase(db: ScratchDatabase): TrialDatabase {
  return {
    dialect: db.dialect,
    env: () => ({ DATABASE_URL: db.url }),
    reset: () => db.reset(),
    query: (sql) => db.query(sql),
    server: db,
  };
}

/**
 * The project's embedded PGlite: opened only between CLI runs (one process at a time). A reset
 * copies a freshly created, empty data folder (made once by `athanor current`), so a trial does
 * not pay for PGlite's initdb.
 */
export function pgliteTrialDatabase(project: string): TrialDatabase {
  const dir = join(project, ".athanor");
  const data = join(dir, "pglite");
  const template = join(project, "pglite-empty");
  return {
    dialect: "pglite",
    env: () => ({}),
    async reset() {
      rmSync(data, { recursive: true, force: true });
      rmSync(join(dir, "pglite.lock"), { force: true });
      mkdirSync(dir, { recursive: true });
      if (!existsSync(template)) {
        const made = await runBin(project, ["current"], {});
        if (made.code !== 0) throw new Error(`creating the PGlite database failed: ${made.stderr}`);
        cpSync(data, template, { recursive: true });
      } else cpSync(template, data, { recursive: true });
    },
    async query(sql) {
      const { pgliteDialect } = await import("@athanor/postgres");
      return queryOnce(pgliteDialect({ dataDir: data }), sql);
    },
  };
}

/**
 * A SQLite file in the project folder, opened only between CLI runs. A reset deletes the file and
 * its journals, so each trial starts from an empty database as the uninterrupted run did.
 */
export function sqliteTrialDatabase(project: string): TrialDatabase {
  const file = join(project, "trial.db");
  return {
    dialect: "sqlite",
    env: () => ({ DATABASE_URL: `file:${file}` }),
    async reset() {
      for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    },
    async query(sql) {
      const { sqliteDialect } = await import("@athanor/sqlite");
      return queryOnce(sqliteDialect({ file }), sql);
    },
  };
}

/** An embedded database read between CLI runs: one session for one query, closed at once. */
async function queryOnce(
  dialect: { connect(): Promise<Connection> },
  sql: string,
): Promise<readonly Record<string, unknown>[]> {
  const conn = await dialect.connect();
  try {
    return [...(await conn.query<Record<string, unknown>>(sql)).rows];
  } finally {
    await conn.close();
  }
}
