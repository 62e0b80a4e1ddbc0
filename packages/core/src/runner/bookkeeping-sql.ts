import type { BookkeepingSqlHooks, SessionDialect, VersionTableLocation } from "../dialect/dialect.js";
import { PRIMARY_KEY_SUFFIX, VERSION_TABLE_SUFFIXES } from "../dialect/version-table-names.js";
import type { VersionTransition } from "../plan/plan.js";

/** Longest revision id the version table stores (Alembic uses 32; we leave room for labels-as-ids). */
export const VERSION_NUM_LENGTH = 64;

/**
 * Builds every statement the runner sends about its own tables: the one-row-per-head version
 * table and the append-only history table. Pure, so offline `--sql` renders exactly what an
 * online run executes. Values are written as quoted literals (as Alembic does), never bound.
 *
 * @example
 * ```ts
 * const sql = new BookkeepingSql(dialect, { name: "athanor_version" });
 * sql.transition({ kind: "update", from: "a1", to: "b2" }); // ["UPDATE \"athanor_version\" SET ..."]
 * ```
 */
export class BookkeepingSql {
  readonly versionTable: string;
  readonly historyTable: string;
  /** The history table's name, unquoted: `<name>_history`. */
  readonly historyName: string;
  readonly hooks: BookkeepingSqlHooks;
  /** `INSERT INTO <history> (<columns>) VALUES (`, built once: every step writes a row. */
  private insertHistory: string | undefined;
  /** The per-run literals of the last row written (see runLiterals). */
  private lastRun: RunLiterals | undefined;
  /** The quoted names {@link updateAttempt} writes, quoted once: each step updates its row. */
  private attemptNames: AttemptNames | undefined;
  /**
   * Whether partial rows write `statements_fingerprint`: false while a history table an older
   * athanor created lacks the column (it could not be added in time; ensureFingerprintColumn).
   */
  recordsStatementsFingerprint = true;

  constructor(
    private readonly dialect: Pick<SessionDialect, "quoteIdent" | "quoteLiteral" | "bookkeepingSql">,
    readonly location: VersionTableLocation,
  ) {
    this.hooks = dialect.bookkeepingSql;
    this.versionTable = this.qualified(location.name);
    this.historyName = `${location.name}${VERSION_TABLE_SUFFIXES.history}`;
    this.historyTable = this.qualified(this.historyName);
  }

  /** Table `name` beside the version table (its schema, if any), quoted. */
  qualified(name: string): string {
    const q = this.dialect.quoteIdent(name);
    return this.location.schema === undefined ? q : `${this.dialect.quoteIdent(this.location.schema)}.${q}`;
  }

  /** `CREATE TABLE IF NOT EXISTS` for both tables; idempotent, so a lazy create is safe under the lock. */
  createTables(): string[] {
    const q = (n: string) => this.dialect.quoteIdent(n);
    // History first: the version table's existence is what marks the tables as created, so a
    // crash between the two statements (MySQL commits each DDL) must not leave it without history.
    return [
      `CREATE TABLE IF NOT EXISTS ${this.historyTable} (` +
        this.historyColumns()
          .map((c) => `${q(c.name)} ${c.type}${c.notNull ? " NOT NULL" : ""}`)
          .join(", ") +
        ")",
      `CREATE TABLE IF NOT EXISTS ${this.versionTable} (${q("version_num")} varchar(${VERSION_NUM_LENGTH}) NOT NULL, ` +
        `CONSTRAINT ${q(`${this.location.name}${PRIMARY_KEY_SUFFIX}`)} PRIMARY KEY (${q("version_num")}))` +
        (this.hooks.versionTableOptions === undefined ? "" : ` ${this.hooks.versionTableOptions}`),
    ];
  }

  /** A column name of athanor's tables, quoted for the dialect. */
  quoteColumn(name: string): string {
    return this.dialect.quoteIdent(name);
  }

  /** The history table's columns, in order; `type` includes the key clause of `id`. */
  historyColumns(): readonly { name: string; type: string; notNull: boolean }[] {
    const ts = this.hooks.timestampType;
    const c = (name: string, type: string, notNull = false) => ({ name, type, notNull });
    return [
      c("id", this.hooks.identityColumn),
      c("run_id", "varchar(36)", true),
      c("revision", `varchar(${VERSION_NUM_LENGTH})`, true),
      c("direction", "varchar(16)", true),
      c("status", "varchar(16)", true),
      c("started_at", `${ts} NULL`),
      c("finished_at", `${ts} NULL`),
      c("duration_ms", "integer NULL"),
      c("checksum", "varchar(128) NULL"),
      c("statement_index", "integer NULL"),
      c("host", "varchar(255) NULL"),
      c("db_user", "varchar(255) NULL"),
      c("os_user", "varchar(255) NULL"),
      c("athanor_version", "varchar(32) NULL"),
      c("note", "text NULL"),
      // added after the first release: a table an older athanor created gets it from the next
      // run that applies something (addStatementsFingerprint)
      c(STATEMENTS_FINGERPRINT, "text NULL"),
    ];
  }

  /** Adds the `statements_fingerprint` column to a history table an older athanor created. */
  addStatementsFingerprint(): string {
    return `ALTER TABLE ${this.historyTable} ADD COLUMN ${this.dialect.quoteIdent(STATEMENTS_FINGERPRINT)} text NULL`;
  }

  /**
   * What a partial run's row recorded beyond what {@link selectHistory} reads: the athanor
   * version that wrote it and, where the table has the column, the fingerprint of its done
   * statements; reads only.
   */
  selectPartialRecord(id: number, withFingerprint: boolean): string {
    const q = (n: string) => this.dialect.quoteIdent(n);
    const fingerprint = withFingerprint
      ? `, ${q(STATEMENTS_FINGERPRINT)} AS ${q(STATEMENTS_FINGERPRINT)}`
      : "";
    return (
      `SELECT ${q("athanor_version")} AS ${q("athanor_version")}${fingerprint} FROM ${this.historyTable} ` +
      `WHERE ${q("id")} = ${Math.trunc(id)}`
    );
  }

  /**
   * The columns of the version and history tables as the database has them (`table_name`,
   * `column_name`), to say what is missing when reading them fails; reads only.
   */
  selectBookkeepingColumns(): string {
    if (this.hooks.catalog !== undefined) {
      return this.hooks.catalog.columns(this.location.schema, [this.location.name, this.historyName]);
    }
    const schema =
      this.location.schema === undefined
        ? this.hooks.currentSchema
        : this.dialect.quoteLiteral(this.location.schema);
    const names = [this.location.name, this.historyName].map((n) => this.dialect.quoteLiteral(n));
    return (
      `SELECT table_name AS table_name, column_name AS column_name FROM information_schema.columns ` +
      `WHERE table_schema = ${schema} AND table_name IN (${names.join(", ")})`
    );
  }

  /** A query returning one row (`present`) when the version table exists; reads only. */
  versionTableExists(): string {
    return this.tableExists(this.location.name);
  }

  /** A query returning one row (`present`) when table `name` exists beside the version table. */
  tableExists(name: string): string {
    if (this.hooks.catalog !== undefined) return this.hooks.catalog.tableExists(this.location.schema, name);
    const schema =
      this.location.schema === undefined
        ? this.hooks.currentSchema
        : this.dialect.quoteLiteral(this.location.schema);
    return (
      `SELECT 1 AS present FROM information_schema.tables WHERE table_schema = ${schema} ` +
      `AND table_name = ${this.dialect.quoteLiteral(name)}`
    );
  }

  /** Reads the heads (column `version_num`). */
  selectHeads(): string {
    return `SELECT ${this.dialect.quoteIdent("version_num")} AS version_num FROM ${this.versionTable}`;
  }

  /**
   * Reads, in insertion order, only the history rows the pre-run checks look at: per revision its
   * latest row (an unresolved partial run) and its latest successful forward row with a checksum
   * (what it was applied, stamped or accepted with). A table grown by years of up/down cycles then
   * costs one row or two per revision, not its whole length.
   */
  selectHistory(): string {
    return `${this.historyRows()} ORDER BY ${this.dialect.quoteIdent("id")}`;
  }

  /**
   * The heads and the history {@link readRunState} reads once {@link versionTableExists} found
   * the table, in one statement (one round trip instead of two): the history rows of
   * {@link selectHistory} (`part` 2) and the heads (`part` 1, in `revision`). It fails when
   * either table is missing; the caller then reads them one by one, which says what is missing.
   * Undefined for a dialect whose existence check is its own catalog query (SQLite keeps its reads).
   */
  selectState(): string | undefined {
    if (this.hooks.catalog !== undefined) return undefined;
    const q = (n: string) => this.dialect.quoteIdent(n);
    const nulls = (n: number) => Array.from({ length: n }, () => "NULL").join(", ");
    // the history branch first: it carries every column's type (older MySQL types a UNION by its first SELECT)
    return (
      `${this.historyRows(`2 AS ${q("part")}, `)} ` +
      `UNION ALL SELECT 1, NULL, ${q("version_num")}, ${nulls(5)} FROM ${this.versionTable}`
    );
  }

  /**
   * What a no-op check needs of {@link selectState} with the history folded on the server: the
   * heads (`part` 1, in `value`), then one row (`part` 3) with `value` the digest of every
   * revision's recorded checksum (`appliedDigest`'s, over the rows `recordedChecksums` keeps; NULL
   * for none) and `partial` 1 when a revision's latest row is `partial`. Undefined where
   * {@link selectState} is, or where the dialect computes no digest (`orderedMd5`).
   */
  selectNoopDigest(): string | undefined {
    const md5 = this.hooks.orderedMd5;
    if (this.hooks.catalog !== undefined || md5 === undefined) return undefined;
    const q = (n: string) => this.dialect.quoteIdent(n);
    const [revision, checksum] = [q("revision"), q("checksum")];
    const prefixed = (c: string) => `OCTET_LENGTH(${c}), ':', ${c}`;
    const digest = md5.aggregate(`CONCAT(${prefixed(revision)}, ${prefixed(checksum)})`, revision);
    const partial =
      `CASE WHEN EXISTS (SELECT 1 FROM ${this.historyTable} WHERE ${q("id")} IN (${this.latestIds("")}) ` +
      `AND ${q("status")} = ${this.dialect.quoteLiteral("partial")}) THEN 1 ELSE 0 END`;
    // each revision's latest applied row by a window, not `id IN (latestIds)`: one sort of the
    // history instead of a join back to it (PostgreSQL 1.1 against 1.3–2.2 ms at 1,000 rows)
    const latestApplied =
      `SELECT ${revision}, ${checksum}, ROW_NUMBER() OVER (PARTITION BY ${revision} ORDER BY ${q("id")} DESC) AS ${q("n")} ` +
      `FROM ${this.historyTable}${this.appliedOnly()}`;
    // the heads first: their column carries version_num's type (older MySQL types a UNION by its first SELECT)
    const select =
      `SELECT 1 AS ${q("part")}, ${q("version_num")} AS ${q("value")}, 0 AS ${q("partial")} FROM ${this.versionTable} ` +
      `UNION ALL SELECT 3, ${digest}, ${partial} FROM (${latestApplied}) ${q("applied")} WHERE ${q("n")} = 1`;
    return md5.statement?.(select) ?? select;
  }

  /** The history rows the pre-run checks need (see {@link selectHistory}), unordered. */
  private historyRows(lead = ""): string {
    const q = (n: string) => this.dialect.quoteIdent(n);
    const c = ["id", "revision", "direction", "status", "checksum", "statement_index", "note"]
      .map(q)
      .join(", ");
    return (
      `SELECT ${lead}${c} FROM ${this.historyTable} WHERE ${q("id")} IN (${this.latestIds("")}) ` +
      `OR ${q("id")} IN (${this.latestIds(this.appliedOnly())})`
    );
  }

  /** Each revision's latest history row (its id) among those `where` keeps. */
  private latestIds(where: string): string {
    const q = (n: string) => this.dialect.quoteIdent(n);
    return `SELECT MAX(${q("id")}) FROM ${this.historyTable}${where} GROUP BY ${q("revision")}`;
  }

  /** The rows that record what a revision was applied, stamped or accepted with (`recordedChecksums`). */
  private appliedOnly(): string {
    const q = (n: string) => this.dialect.quoteIdent(n);
    return (
      ` WHERE ${q("status")} = ${this.dialect.quoteLiteral("ok")}` +
      ` AND ${q("direction")} <> ${this.dialect.quoteLiteral("downgrade")} AND ${q("checksum")} IS NOT NULL`
    );
  }

  /** Removes every row: `stamp --purge`. */
  purge(): string {
    return `DELETE FROM ${this.versionTable}`;
  }

  /** The statements of one version-table transition (alembic.md §2.4), in order. */
  transition(t: VersionTransition): string[] {
    switch (t.kind) {
      case "insert":
        return [this.insert(t.id)];
      case "delete":
        return [this.delete(t.id)];
      case "update":
        return [this.update(t.from, t.to)];
      case "merge":
        return [...t.delete.map((id) => this.delete(id)), this.update(t.from, t.to)];
      case "unmerge":
        return [...t.insert.map((id) => this.insert(id)), this.update(t.from, t.to)];
    }
  }

  insert(id: string): string {
    return `INSERT INTO ${this.versionTable} (${this.dialect.quoteIdent("version_num")}) VALUES (${this.dialect.quoteLiteral(id)})`;
  }

  delete(id: string): string {
    return `DELETE FROM ${this.versionTable} WHERE ${this.dialect.quoteIdent("version_num")} = ${this.dialect.quoteLiteral(id)}`;
  }

  update(from: string, to: string): string {
    const col = this.dialect.quoteIdent("version_num");
    return `UPDATE ${this.versionTable} SET ${col} = ${this.dialect.quoteLiteral(to)} WHERE ${col} = ${this.dialect.quoteLiteral(from)}`;
  }

  /** One append-only history row. Missing times become the server's now (offline scripts: `currentTimestamp`). */
  historyRow(row: HistoryRowInput): string {
    const lit = (v: string | undefined) => (v === undefined ? "NULL" : this.dialect.quoteLiteral(v));
    const int = (v: number | undefined) => (v === undefined ? "NULL" : String(Math.round(v)));
    const time = (d: Date | undefined) =>
      d === undefined ? (this.hooks.currentTimestamp ?? "CURRENT_TIMESTAMP") : this.hooks.timestampLiteral(d);
    const sentAt = time(row.finishedAt);
    const duration = this.duration(row, sentAt);
    const finished = this.finishedByClock(row, sentAt) ?? sentAt;
    const run = this.runLiterals(row);
    const values = [
      run.runId,
      lit(row.revision),
      lit(row.direction),
      lit(row.status),
      time(row.startedAt),
      finished,
      duration,
      lit(row.checksum),
      int(row.statementIndex),
      run.who,
      lit(row.note),
    ];
    this.insertHistory ??= `INSERT INTO ${this.historyTable} (${HISTORY_INSERT_COLUMNS.map((c) => this.dialect.quoteIdent(c)).join(", ")}`;
    // only a partial row carries the fingerprint: every other row is written as before, so
    // offline scripts and tables an older athanor created take it unchanged
    return row.statementsFingerprint === undefined || !this.recordsStatementsFingerprint
      ? `${this.insertHistory}) VALUES (${values.join(", ")})`
      : `${this.insertHistory}, ${this.dialect.quoteIdent(STATEMENTS_FINGERPRINT)}) VALUES (${values.join(", ")}, ${lit(row.statementsFingerprint)})`;
  }

  /**
   * The literals every row of one run repeats (its id; host, user, OS user, athanor version),
   * quoted once per run instead of once per row: each revision writes a row.
   */
  private runLiterals(row: HistoryRowInput): RunLiterals {
    const cached = this.lastRun;
    if (cached !== undefined && cached.runIdValue === row.runId && cached.whoValue === row.who) return cached;
    const lit = (v: string | undefined) => (v === undefined ? "NULL" : this.dialect.quoteLiteral(v));
    const literals: RunLiterals = {
      runIdValue: row.runId,
      whoValue: row.who,
      runId: lit(row.runId),
      who: [
        lit(row.who.host),
        this.hooks.currentUser ?? "CURRENT_USER",
        lit(row.who.osUser),
        lit(row.who.athanorVersion),
      ].join(", "),
    };
    this.lastRun = literals;
    return literals;
  }

  /**
   * Moves this attempt's own history row (inserted by {@link historyRow} with status `partial`
   * at its first commit point) to a new state: a later commit point (`partial`, new statement
   * index) or the end (`ok`, in the same transaction as the version-table update). One row per
   * attempt, however many commit points it passes.
   */
  updateAttempt(row: HistoryRowInput): string {
    const l = (v: string | undefined) => (v === undefined ? "NULL" : this.dialect.quoteLiteral(v));
    const int = (v: number | undefined) => (v === undefined ? "NULL" : String(Math.round(v)));
    const time = (d: Date | undefined) =>
      d === undefined ? (this.hooks.currentTimestamp ?? "CURRENT_TIMESTAMP") : this.hooks.timestampLiteral(d);
    const duration = this.duration(row);
    const finished = this.finishedByClock(row) ?? time(row.finishedAt);
    const n = this.names();
    return (
      `UPDATE ${this.historyTable} SET ${n.status} = ${l(row.status)}, ${n.statementIndex} = ${int(row.statementIndex)}, ` +
      `${n.finishedAt} = ${finished}, ${n.durationMs} = ${duration}, ${n.note} = ${l(row.note)}` +
      (row.statementsFingerprint === undefined || !this.recordsStatementsFingerprint
        ? " "
        : `, ${n.fingerprint} = ${l(row.statementsFingerprint)} `) +
      `WHERE ${this.attemptMatch(row)}${n.newestFirst}`
    );
  }

  private names(): AttemptNames {
    if (this.attemptNames !== undefined) return this.attemptNames;
    const q = (name: string) => this.dialect.quoteIdent(name);
    this.attemptNames = {
      status: q("status"),
      statementIndex: q("statement_index"),
      finishedAt: q("finished_at"),
      durationMs: q("duration_ms"),
      note: q("note"),
      fingerprint: q(STATEMENTS_FINGERPRINT),
      newestFirst: this.hooks.updateNewestFirst === true ? ` ORDER BY ${q("id")} DESC LIMIT 1` : "",
      runId: q("run_id"),
      revision: q("revision"),
      direction: q("direction"),
      partial: this.dialect.quoteLiteral("partial"),
    };
    return this.attemptNames;
  }

  /**
   * The duration column's value: the client's milliseconds, plus the server's batch clock when
   * asked. `finished`: the row's finished_at literal, when the caller has it already.
   */
  private duration(row: HistoryRowInput, finished?: string): string {
    if (row.durationMs === undefined) return "NULL";
    return this.clockedDuration(row, finished) ?? String(Math.round(row.durationMs));
  }

  /** The duration with the server's batch clock added, or undefined when it has none. */
  private clockedDuration(row: HistoryRowInput, finished?: string): string | undefined {
    const clock = this.hooks.batchClock;
    if (row.durationMs === undefined || row.plusBatchClock !== true || clock === undefined) return undefined;
    const { elapsedMs } = clock;
    if (typeof elapsedMs !== "string" && row.finishedAt === undefined) return undefined;
    const elapsed =
      typeof elapsedMs === "string"
        ? elapsedMs
        : elapsedMs(finished ?? this.hooks.timestampLiteral(row.finishedAt as Date));
    // the client's figure last: its varying length then never shifts the text before it
    return `ROUND(${elapsed} + ${Math.round(row.durationMs)})`;
  }

  /**
   * finished_at when the row's duration counts the server's batch clock: the client's time would
   * be when it built the row, before the server ran the batch, so started_at plus the duration.
   * Undefined otherwise (the client's time is when the work finished).
   */
  private finishedByClock(row: HistoryRowInput, sentAt?: string): string | undefined {
    const plus = this.hooks.batchClock?.finishedAt;
    const clocked = plus === undefined ? undefined : this.clockedDuration(row, sentAt);
    if (clocked === undefined || row.startedAt === undefined) return undefined;
    return plus?.(this.hooks.timestampLiteral(row.startedAt), clocked);
  }

  /** Reads this attempt's own `partial` row (column `statement_index`), if a commit point wrote one. */
  selectAttempt(row: Pick<HistoryRowInput, "runId" | "revision" | "direction">): string {
    return `SELECT ${this.dialect.quoteIdent("statement_index")} AS statement_index FROM ${this.historyTable} WHERE ${this.attemptMatch(row)}`;
  }

  private attemptMatch(row: Pick<HistoryRowInput, "runId" | "revision" | "direction">): string {
    const l = (v: string) => this.dialect.quoteLiteral(v);
    const n = this.names();
    return (
      `${n.runId} = ${l(row.runId)} AND ${n.revision} = ${l(row.revision)} AND ` +
      `${n.direction} = ${l(row.direction)} AND ${n.status} = ${n.partial}`
    );
  }
}

/** The history columns (and literal) {@link BookkeepingSql.updateAttempt} writes, quoted. */
interface AttemptNames {
  readonly status: string;
  readonly statementIndex: string;
  readonly finishedAt: string;
  readonly durationMs: string;
  readonly note: string;
  readonly fingerprint: string;
  /** ` ORDER BY id DESC LIMIT 1` where the dialect takes it, else empty. */
  readonly newestFirst: string;
  readonly runId: string;
  readonly revision: string;
  readonly direction: string;
  /** The literal `'partial'`. */
  readonly partial: string;
}

/** What {@link BookkeepingSql.historyRow} quotes once per run, and the values it quoted. */
interface RunLiterals {
  readonly runIdValue: string;
  readonly whoValue: RunIdentity;
  readonly runId: string;
  /** host, database user, OS user and athanor version, joined. */
  readonly who: string;
}

/**
 * The history column recording which statements a partial run had done (StatementPrints), so a
 * resume can tell that the revision still renders to them.
 */
export const STATEMENTS_FINGERPRINT = "statements_fingerprint";

/** The columns a history row sets, in the order of {@link BookkeepingSql.historyRow}'s values. */
const HISTORY_INSERT_COLUMNS = [
  "run_id",
  "revision",
  "direction",
  "status",
  "started_at",
  "finished_at",
  "duration_ms",
  "checksum",
  "statement_index",
  "host",
  "db_user",
  "os_user",
  "athanor_version",
  "note",
] as const;

/** Direction column of the history table. `accept` records an accepted checksum change. */
export type HistoryDirection = "upgrade" | "downgrade" | "stamp" | "accept";
/** Status column of the history table. */
export type HistoryStatus = "ok" | "failed" | "partial";

/** Who ran athanor; the database user is taken by the database itself (`CURRENT_USER`). */
export interface RunIdentity {
  readonly host?: string | undefined;
  readonly osUser?: string | undefined;
  readonly athanorVersion?: string | undefined;
}

/** The values of one history row. */
export interface HistoryRowInput {
  readonly runId: string;
  readonly revision: string;
  readonly direction: HistoryDirection;
  readonly status: HistoryStatus;
  readonly startedAt?: Date | undefined;
  readonly finishedAt?: Date | undefined;
  readonly durationMs?: number | undefined;
  /**
   * The row travels in the same round trip as the statements it times: `durationMs` is the
   * client's part (until that batch was sent) and the dialect's {@link BookkeepingSqlHooks.batchClock}
   * adds the server's.
   */
  readonly plusBatchClock?: boolean | undefined;
  readonly checksum?: string | undefined;
  /**
   * For `failed`: the index of the failing statement. For `partial`: how many of the revision's
   * statements (operation statements, backfills and `op.query` calls, in order) are done and
   * committed — the index of the statement a resumed run starts with.
   */
  readonly statementIndex?: number | undefined;
  readonly who: RunIdentity;
  readonly note?: string | undefined;
  /**
   * For `partial`: the record of the done statements (StatementPrints.recorded). Left out, the
   * column is not written (an update keeps what the row holds).
   */
  readonly statementsFingerprint?: string | undefined;
}
