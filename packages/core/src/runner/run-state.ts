import type { Connection } from "../dialect/connection.js";
import { bookkeepingDamagedError, diagnoseBookkeeping } from "./bookkeeping-repair.js";
import type { BookkeepingSql, HistoryDirection, HistoryStatus } from "./bookkeeping-sql.js";

/** One history row as the checks need it. */
export interface HistoryEntry {
  readonly id: number;
  readonly revision: string;
  readonly direction: HistoryDirection;
  readonly status: HistoryStatus;
  readonly checksum: string | null;
  readonly statementIndex: number | null;
  readonly note: string | null;
}

/**
 * What the database says before a run: whether the tables exist, the heads in the version
 * table, and the history. Read after taking the lock, never before (a runner that read first
 * could apply a revision another runner just applied — liquibase-sessionlock#36).
 *
 * @example
 * ```ts
 * const state = await readRunState(conn, sql);
 * state.heads; // ["b2c3"]
 * ```
 */
export interface RunState {
  readonly tablesExist: boolean;
  readonly heads: readonly string[];
  /** The history rows the checks need (see `BookkeepingSql.selectHistory`), oldest first. */
  readonly history: readonly HistoryEntry[];
}

/**
 * Reads the version table and (optionally) the history; creates nothing. Two round trips where
 * the dialect can ask heads and history in one statement (`BookkeepingSql.selectState`): the
 * existence read first, so a fresh database sends no statement that fails — a failed statement
 * costs a fleet its pooled session (`SessionPool` ends it), one new connection per fresh tenant.
 * When the combined read fails all the same (damaged bookkeeping) the reads go one by one, which
 * say what is missing.
 */
export async function readRunState(
  conn: Connection,
  sql: BookkeepingSql,
  options: { readonly history: boolean } = { history: true },
): Promise<RunState> {
  const combined = options.history ? sql.selectState() : undefined;
  if (combined !== undefined) {
    const exists = await conn.query(sql.versionTableExists());
    if (exists.rows.length === 0) return { tablesExist: false, heads: [], history: [] };
    const rows = await conn.query<Record<string, unknown>>(combined).then(
      (result) => result.rows,
      () => undefined,
    );
    if (rows !== undefined) return stateOfRows(rows);
  }
  return readRunStateByParts(conn, sql, options);
}

/** The state in the rows of `selectState` (the tables exist): the same as the separate reads give. */
export function stateOfRows(rows: readonly Record<string, unknown>[]): RunState {
  const heads: string[] = [];
  const history: HistoryEntry[] = [];
  for (const r of rows) {
    const part = Number(r.part);
    if (part === 1) heads.push(String(r.revision));
    else if (part === 2) history.push(historyEntry(r));
  }
  history.sort((a, b) => a.id - b.id);
  return { tablesExist: true, heads: heads.sort(), history };
}

async function readRunStateByParts(
  conn: Connection,
  sql: BookkeepingSql,
  options: { readonly history: boolean },
): Promise<RunState> {
  const exists = await conn.query(sql.versionTableExists());
  if (exists.rows.length === 0) return { tablesExist: false, heads: [], history: [] };
  let heads: string[] | undefined;
  let rows: Awaited<ReturnType<typeof conn.query<Record<string, unknown>>>>;
  try {
    heads = (await conn.query<{ version_num: string }>(sql.selectHeads())).rows
      .map((r) => r.version_num)
      .sort();
    if (!options.history) return { tablesExist: true, heads, history: [] };
    rows = await conn.query<Record<string, unknown>>(sql.selectHistory());
  } catch (error) {
    // A table or column dropped by hand: say what is missing and how to repair it.
    const damage = await diagnoseBookkeeping(conn, sql).catch(() => undefined);
    if (damage !== undefined) throw bookkeepingDamagedError(damage, heads, error);
    throw error;
  }
  return { tablesExist: true, heads, history: rows.rows.map(historyEntry) };
}

function historyEntry(r: Record<string, unknown>): HistoryEntry {
  return {
    id: Number(r.id),
    revision: String(r.revision),
    direction: r.direction as HistoryDirection,
    status: r.status as HistoryStatus,
    checksum: r.checksum == null ? null : String(r.checksum),
    statementIndex: r.statement_index == null ? null : Number(r.statement_index),
    note: r.note == null ? null : String(r.note),
  };
}

/**
 * The checksum each revision was last applied, stamped or accepted with. Later rows win, so an
 * `accept` row supersedes the checksum of the original upgrade.
 */
export function recordedChecksums(history: readonly HistoryEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of history) {
    if (row.status === "ok" && row.direction !== "downgrade" && row.checksum !== null)
      out.set(row.revision, row.checksum);
  }
  return out;
}

/**
 * Revisions whose latest history row says a run stopped part-way, with that row. A row is the
 * latest by id: a resumed attempt's rows come after the row of the attempt it resumed.
 */
export function unresolvedPartials(history: readonly HistoryEntry[]): HistoryEntry[] {
  const last = new Map<string, HistoryEntry>();
  for (const row of history) last.set(row.revision, row);
  return [...last.values()].filter((row) => row.status === "partial");
}
