import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { ok, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";
import type { ScratchDatabase } from "./scratch-server.js";

/** The databases the interruption trials run on. */
export type TrialDialect = "postgresql" | "mysql" | "pglite";

/** Rows of `accounts` and the backfill's batch size, CI size and `ATHANOR_RELIABILITY_FULL=1`. */
export interface MixedSizes {
  readonly rows: number;
  readonly batchSize: number;
}

/**
 * A project of three revisions: r001 creates and fills `accounts` (balance 100 each); r002 is
 * the revision of issues 13/14, mixing DDL, DML and a backfill, with a short sleep between its
 * statements so an interruption can be aimed at every statement boundary; r003 creates a table.
 * After any complete run every account has balance 151 and w = 300.
 *
 * r002's statements: #0 add column w, #1 sleep (marker s1), #2 UPDATE balance + 50, #3 sleep
 * (s3), #4 the backfill w = balance * 2, #5 sleep (s5), #6 UPDATE balance + 1, #7 sleep (s7),
 * #8 CREATE INDEX on w.
 */
export async function mixedProject(dialect: TrialDialect, sizes: MixedSizes): Promise<string> {
  const dir = tempDir("athanor-mixed-");
  await ok(dir, ["init", "--dialect", dialect === "mysql" ? "mysql" : "postgresql"]);
  for (const id of ["r001", "r002", "r003"]) await ok(dir, ["revision", "-m", id, "--rev-id", id]);
  const exec = (sql: string) => `op.execute(${JSON.stringify(sql)})`;
  setBody(
    dir,
    "r001",
    [exec(CREATE), exec(fill(dialect, sizes.rows))].join(";\n    "),
    exec("DROP TABLE accounts"),
  );
  setBody(
    dir,
    "r002",
    [
      'op.addColumn("accounts", { name: "w", type: "int" })',
      exec(sleep(dialect, 1)),
      exec("UPDATE accounts SET balance = balance + 50"),
      exec(sleep(dialect, 3)),
      `await op.backfill({ table: "accounts", set: { w: "balance * 2" }, batchSize: ${sizes.batchSize}, sleepMs: 20 })`,
      exec(sleep(dialect, 5)),
      exec("UPDATE accounts SET balance = balance + 1"),
      exec(sleep(dialect, 7)),
      exec("CREATE INDEX accounts_w ON accounts (w)"),
    ].join(";\n    "),
    [
      exec(dialect === "mysql" ? "DROP INDEX accounts_w ON accounts" : "DROP INDEX accounts_w"),
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
  writeFileSync(
    file,
    readFileSync(file, "utf8")
      .replace("upgrade(op) {", "async upgrade(op) {")
      .replace('  message: "r002",', `  message: "r002",\n${lint}`),
  );
  return dir;
}

const CREATE = "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)";

function fill(dialect: TrialDialect, rows: number): string {
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

/** The project's embedded PGlite: opened only between CLI runs (one process at a time). */
export function pgliteTrialDatabase(project: string): TrialDatabase {
  const dir = join(project, ".athanor");
  return {
    dialect: "pglite",
    env: () => ({}),
    async reset() {
      rmSync(join(dir, "pglite"), { recursive: true, force: true });
      rmSync(join(dir, "pglite.lock"), { force: true });
      mkdirSync(dir, { recursive: true });
    },
    async query(sql) {
      const { pgliteDialect } = await import("@athanor/postgres");
      const conn: Connection = await pgliteDialect({ dataDir: join(dir, "pglite") }).connect();
      try {
        return [...(await conn.query<Record<string, unknown>>(sql)).rows];
      } finally {
        await conn.close();
      }
    },
  };
}
