import type { Connection } from "../dialect/connection.js";
import { PRIMARY_KEY_SUFFIX, VERSION_TABLE_SUFFIXES } from "../dialect/version-table-names.js";
import type { PreparedRun } from "../runner/prepare-run.js";
import type { FleetTargetError, LastFailure } from "./fleet-record.js";
import { isoUtc } from "./iso-utc.js";

// What is kept of a message: enough for the reason, bounded for a text column and a screen.
const MESSAGE_LIMIT = 4000;

/**
 * The target's `<version table>_fleet_failure` table, in its own schema or database next to its
 * history: one row, the last fleet run that failed there, so a later process (`status --fleet`)
 * sees it. It is written after the failure on a fresh session (outside the failed transaction)
 * and deleted by the target's next successful fleet run; a reader also ignores it once the
 * history shows a successful step newer than the failure (an ordinary `athanor upgrade` fixed it).
 * The time is athanor's clock as a UTC literal, as in the history rows — not `CURRENT_TIMESTAMP`,
 * which MySQL stores in the session's time zone — and is read back as ISO 8601 UTC on every dialect.
 * InnoDB with a primary key, so Galera replicates it.
 */
class LastFailureTable {
  readonly #run: PreparedRun;
  readonly #table: string;
  readonly #exists: string;
  /** The table's name, unquoted: `<version table>_fleet_failure`. */
  readonly #name: string;

  constructor(run: PreparedRun) {
    this.#run = run;
    const { location } = run.sql;
    this.#name = `${location.name}${VERSION_TABLE_SUFFIXES.fleetFailure}`;
    this.#table = run.sql.qualified(this.#name);
    // the same catalog query that finds the version table, asked about this one
    this.#exists = run.sql.tableExists(this.#name);
  }

  async record(conn: Connection, error: FleetTargetError): Promise<void> {
    const { dialect } = this.#run.options;
    const q = (name: string) => dialect.quoteIdent(name);
    const l = (value: string) => dialect.quoteLiteral(value);
    const historyId = (await this.#tableExists(conn, this.#run.sql.versionTableExists()))
      ? await this.#lastHistoryId(conn, false)
      : null;
    await conn.query(
      `CREATE TABLE IF NOT EXISTS ${this.#table} (${q("slot")} varchar(16) NOT NULL, ` +
        `${q("revision")} varchar(64) NULL, ${q("code")} varchar(64) NOT NULL, ${q("message")} text NOT NULL, ` +
        `${q("failed_at")} ${this.#run.sql.hooks.timestampType} NULL, ${q("history_id")} bigint NULL, ` +
        `CONSTRAINT ${q(`${this.#name}${PRIMARY_KEY_SUFFIX}`)} PRIMARY KEY (${q("slot")}))`,
    );
    await conn.query(`DELETE FROM ${this.#table}`);
    await conn.query(
      `INSERT INTO ${this.#table} (${["slot", "revision", "code", "message", "failed_at", "history_id"].map(q).join(", ")}) ` +
        `VALUES (${l("last")}, ${error.revision === undefined ? "NULL" : l(error.revision)}, ${l(error.code)}, ` +
        `${l(error.message.slice(0, MESSAGE_LIMIT))}, ${this.#run.sql.hooks.timestampLiteral(new Date())}, ${historyId === null ? "NULL" : String(historyId)})`,
    );
  }

  async clear(conn: Connection): Promise<void> {
    if (await this.#tableExists(conn, this.#exists)) await conn.query(`DELETE FROM ${this.#table}`);
  }

  async read(conn: Connection): Promise<LastFailure | undefined> {
    if (!(await this.#tableExists(conn, this.#exists))) return undefined;
    const q = (name: string) => this.#run.options.dialect.quoteIdent(name);
    const { timestampText } = this.#run.sql.hooks;
    const failedAt = timestampText === undefined ? q("failed_at") : timestampText(q("failed_at"));
    const { rows } = await conn.query<Record<string, unknown>>(
      `SELECT ${q("revision")} AS revision, ${q("code")} AS code, ${q("message")} AS message, ` +
        `${failedAt} AS failed_at, ${q("history_id")} AS history_id FROM ${this.#table}`,
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const lastOk = (await this.#tableExists(conn, this.#run.sql.versionTableExists()))
      ? await this.#lastHistoryId(conn, true)
      : null;
    const at = row.history_id === null || row.history_id === undefined ? null : Number(row.history_id);
    if (lastOk !== null && (at === null || lastOk > at)) return undefined; // a later success fixed it
    return {
      revision: row.revision === null ? null : String(row.revision),
      code: String(row.code),
      message: String(row.message),
      failedAt: isoUtc(row.failed_at),
    };
  }

  async #tableExists(conn: Connection, query: string): Promise<boolean> {
    return (await conn.query(query)).rows.length > 0;
  }

  async #lastHistoryId(conn: Connection, okOnly: boolean): Promise<number | null> {
    const q = (name: string) => this.#run.options.dialect.quoteIdent(name);
    const where = okOnly ? ` WHERE ${q("status")} = ${this.#run.options.dialect.quoteLiteral("ok")}` : "";
    const { rows } = await conn.query<{ id: unknown }>(
      `SELECT MAX(${q("id")}) AS id FROM ${this.#run.sql.historyTable}${where}`,
    );
    const id = rows[0]?.id;
    return id === null || id === undefined ? null : Number(id);
  }
}

/** Keeps a failed target's error where `status --fleet` finds it; best effort (the record has it anyway). */
export async function rememberFailure(run: PreparedRun, error: FleetTargetError): Promise<void> {
  await onSession(run, (conn) => new LastFailureTable(run).record(conn, error));
}

/** Forgets the target's last failure after a successful run. */
export async function forgetFailure(run: PreparedRun): Promise<void> {
  await onSession(run, (conn) => new LastFailureTable(run).clear(conn));
}

/** The target's last failure still standing (none once a later run succeeded). */
export async function readLastFailure(run: PreparedRun): Promise<LastFailure | undefined> {
  const conn = await run.options.dialect.connect();
  try {
    return await new LastFailureTable(run).read(conn);
  } finally {
    await conn.close();
  }
}

async function onSession(run: PreparedRun, body: (conn: Connection) => Promise<void>): Promise<void> {
  try {
    const conn = await run.options.dialect.connect();
    try {
      await body(conn);
    } finally {
      await conn.close();
    }
  } catch {
    // the target is unreachable or refuses the write: its record still says what happened
  }
}
