import type { Connection, QueryResult } from "@athanor/core";
import { importPeer } from "@athanor/core/dialect";
import { AthanorError, isAthanorError } from "@athanor/core/errors";
import { hideUrlSecrets } from "@athanor/core/text";
import type {
  MysqlClientLike,
  MysqlDriverError,
  MysqlPoolConnectionLike,
  MysqlPoolLike,
} from "./client-types.js";
import { leanBatchFits, sendLeanBatch } from "./lean-batch.js";
import { deferMysql2Tables } from "./mysql2-lazy-tables.js";
import { fitsOnePacket, MAX_PACKET_SQL, packetBatches, STATEMENT_JOIN } from "./packet-batches.js";
import { selectBatch } from "./select-batch.js";
import { flavorLabel, type MysqlFlavor, type MysqlServer, parseServerVersion } from "./server.js";
import { readFailed, sessionLost, watchSessionLoss } from "./session-loss.js";
import { endsInLineComment, isSpace } from "./trailing-line-comment.js";
import { malformedPercentPart } from "./url-percent.js";

/** Default connect timeout: a wrong host must fail fast, not after the OS's 2 minutes. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * One dedicated MySQL session as the runner uses it, plus the server it talks to.
 *
 * @example
 * ```ts
 * const conn = await openMysqlConnection({ url: "mysql://root@127.0.0.1:3306/app" });
 * conn.server.flavor; // "mariadb"
 * ```
 */
export interface MysqlConnection extends Connection {
  readonly server: MysqlServer;
  /**
   * The rows of several SELECTs (no parameters) in one round trip, one list per statement;
   * `undefined` where the client was opened without `multipleStatements` (then query each).
   */
  selectAll?(statements: readonly string[]): Promise<unknown[][] | undefined>;
}

/**
 * Where a session comes from: a URL (athanor opens and closes it), your own mysql2 connection,
 * or your own mysql2 pool (athanor takes one of its connections for the run and gives it back).
 */
export type MysqlConnectionSource =
  | { readonly url: string; readonly connectTimeoutMs?: number | undefined }
  | { readonly client: MysqlClientLike | MysqlPoolLike };

/** A session's client and how it ends: athanor's own (`end`), lent by a pool, or the caller's (left open). */
interface OpenedClient {
  readonly client: MysqlClientLike;
  readonly owned: boolean;
  readonly pooled?: MysqlPoolConnectionLike | undefined;
}

const isPool = (client: MysqlClientLike | MysqlPoolLike): client is MysqlPoolLike =>
  typeof (client as Partial<MysqlPoolLike>).getConnection === "function";

const CONNECTION_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: "the server refused the connection (is it running, and on this port?)",
  ENOTFOUND: "the host name does not resolve",
  ETIMEDOUT: "the connection timed out",
  EHOSTUNREACH: "the host is unreachable",
  ER_ACCESS_DENIED_ERROR: "the server rejected the user name or password",
  ER_ACCESS_DENIED_NO_PASSWORD_ERROR: "the server rejected the user (no password was given)",
  ER_DBACCESS_DENIED_ERROR: "the user may not use this database",
  ER_BAD_DB_ERROR: "the database does not exist (create it first)",
  ERR_INVALID_URL: "the URL is malformed (expected mysql://user:password@host:3306/database)",
};

/**
 * Maps a failure to connect to ATHANOR_CONNECTION_FAILED with the reason in words.
 *
 * @example
 * ```ts
 * throw connectionFailed(error, "mysql://root@db:3306/app");
 * ```
 */
export function connectionFailed(error: unknown, url: string | undefined): AthanorError {
  if (isAthanorError(error)) return error;
  const e = (error ?? {}) as MysqlDriverError & { message?: string };
  const reason = (e.code !== undefined ? CONNECTION_CODES[e.code] : undefined) ?? e.message ?? String(error);
  const where = url === undefined ? "the MySQL/MariaDB server" : hideUrlSecrets(url);
  return new AthanorError(
    "ATHANOR_CONNECTION_FAILED",
    `Could not connect to ${where}: ${reason}. Check the URL (DATABASE_URL or the config's url), that the server runs, and the credentials.`,
    {
      dialect: "mysql",
      url: url === undefined ? null : hideUrlSecrets(url),
      driverCode: e.code ?? null,
      errno: e.errno ?? null,
    },
    { cause: error },
  );
}

async function openClient(source: MysqlConnectionSource): Promise<OpenedClient> {
  if ("client" in source) {
    if (!isPool(source.client)) return { client: source.client, owned: false };
    const lent = await source.client.getConnection();
    return { client: lent, owned: false, pooled: lent };
  }
  let parsed: URL;
  try {
    parsed = new URL(source.url);
  } catch (error) {
    throw connectionFailed(
      Object.assign(new Error("Invalid URL"), { code: "ERR_INVALID_URL", cause: error }),
      undefined,
    );
  }
  const undecodable = malformedPercentPart(parsed);
  if (undecodable !== undefined)
    throw new Error(
      `the URL's ${undecodable} has malformed percent-encoding (a % not followed by two hex digits)`,
    );
  const { default: mysql } = await importMysql2();
  const client = await mysql.createConnection({
    uri: source.url,
    multipleStatements: true,
    connectTimeout: source.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // Exact values: BIGINTs and DECIMALs as strings, dates as text, never shifted by a time zone.
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
  return { client: client as unknown as MysqlClientLike, owned: true };
}

/**
 * Opens the one session a run uses. Switches off `NO_BACKSLASH_ESCAPES` for the session (the
 * literal quoting relies on backslash escapes) and reads `VERSION()` to know the server.
 * Fails with ATHANOR_CONNECTION_FAILED for refused connections, bad credentials, an unknown
 * database, a malformed URL or a timeout.
 *
 * @example
 * ```ts
 * const conn = await openMysqlConnection({ url: process.env.DATABASE_URL! });
 * try { await conn.executeScript(["CREATE TABLE t (id int)"]); } finally { await conn.close(); }
 * ```
 */
export async function openMysqlConnection(source: MysqlConnectionSource): Promise<MysqlConnection> {
  const url = "url" in source ? source.url : undefined;
  let opened: OpenedClient | undefined;
  let started: { version: string; maxPacket: number | undefined };
  try {
    opened = await openClient(source);
    started = await startSession(opened.client, opened.owned);
  } catch (error) {
    opened?.pooled?.destroy();
    throw connectionFailed(error, url);
  }
  return {
    server: parseServerVersion(started.version),
    ...sessionOn(opened, started.maxPacket),
  };
}

/**
 * A session without the server's version ({@link openMysqlSession}); `flavor` as the server's
 * handshake announced it, when the client keeps it.
 */
type MysqlSession = Omit<MysqlConnection, "server"> &
  Required<Pick<MysqlConnection, "selectAll">> & { readonly flavor?: MysqlFlavor | undefined };

/**
 * The flavour the server's handshake announced (`10.11.6-MariaDB-…`), read off the packet mysql2
 * keeps on its connection — no round trip, but no public API either: undefined when absent.
 */
function handshakeFlavor(client: MysqlClientLike): MysqlFlavor | undefined {
  const packet = (client as { connection?: { _handshakePacket?: { serverVersion?: unknown } | null } })
    .connection?._handshakePacket;
  const version = packet?.serverVersion;
  return typeof version === "string" ? parseServerVersion(version).flavor : undefined;
}

/** How a message names the server of a session: its flavour, or both when the handshake is unread. */
const flavorName = (flavor: MysqlFlavor | undefined) =>
  flavor === undefined ? "MySQL/MariaDB" : flavorLabel(flavor);

/**
 * A session's calls on an open client; `close` ends only a client athanor opened. `maxPacket`:
 * the session's max_allowed_packet when the connect read it; else read at the first script that
 * may need it (once: a session's value never changes).
 */
function sessionOn(opened: OpenedClient, maxPacket?: number): MysqlSession {
  const { client, owned, pooled } = opened;
  // how a lost session's message names the server: read when one is lost (the handshake's version)
  const server = () => flavorName(handshakeFlavor(client));
  let closed = false;
  let limit: Promise<number> | undefined = maxPacket === undefined ? undefined : Promise.resolve(maxPacket);
  // the limit once read, for a script that surely fits to go without waiting on `limit`
  let known = maxPacket;
  const readLimit = (): Promise<number> => {
    limit ??= client.query(MAX_PACKET_SQL).then(([rows]) => {
      known = Number((rows as { maxPacket?: unknown }[])[0]?.maxPacket);
      return known;
    });
    // a failed read (a lost session) is not kept: the next script asks again
    limit.catch(() => {
      limit = undefined;
    });
    return limit;
  };
  return {
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const [result] = await client
        .query(sql, params === undefined ? undefined : [...params])
        .catch((error) => {
          throw readFailed(error, server());
        });
      if (Array.isArray(result)) return { rows: result as Row[] };
      return { rows: [], rowCount: (result as { affectedRows?: number }).affectedRows };
    },
    executeScript: (statements) =>
      executeScript(client, statements, readLimit, known).catch((error) => {
        const mapped = sessionLost(error, server());
        if (mapped === error) throw error;
        // where the script stopped, for the runner to place the failure
        const { statementIndex, statementIndexUnsure } = error as Record<string, unknown>;
        throw Object.assign(mapped as object, { statementIndex, statementIndexUnsure });
      }),
    // a lost session fails a batch of SELECTs as it fails any other call (readUnderMysqlLock, the
    // introspection): raw, mysql2's EPIPE or closed-state error was ATHANOR_INTERNAL
    selectAll: (statements) =>
      selectBatch(client, statements).catch((error) => {
        throw readFailed(error, server());
      }),
    async close() {
      if (pooled !== undefined && !closed) {
        closed = true;
        return givePoolConnectionBack(pooled);
      }
      if (closed || !owned) return;
      closed = true;
      await client.end();
      // mysql2's end() has written COM_QUIT: the server closing its side of the socket is no
      // reason for a process with nothing else to do to stay (one round trip at every exit)
      const stream = client.connection?.stream;
      if (stream?.writableLength === 0) stream.unref();
    },
  };
}

/**
 * {@link openMysqlConnection} without knowing the server, for a session that only locks and
 * reads the bookkeeping (`mysqlSessionDialect`): the session's `sql_mode` is set in the same
 * round trip as its first batch of SELECTs (a no-op `upgrade`: one round trip after the
 * handshake, as the floor's), or before its first other statement. Same failures at connect.
 *
 * @example
 * ```ts
 * const conn = await openMysqlSession({ url: process.env.DATABASE_URL! });
 * const [locked, state] = (await conn.selectAll?.(["SELECT GET_LOCK('x', 0)", "SELECT 1"])) ?? [];
 * ```
 */
export async function openMysqlSession(source: MysqlConnectionSource): Promise<MysqlSession> {
  const url = "url" in source ? source.url : undefined;
  let opened: OpenedClient;
  try {
    opened = await openClient(source);
  } catch (error) {
    throw connectionFailed(error, url);
  }
  const { client } = opened;
  const session = sessionOn(opened);
  // until a statement batch carrying it succeeds: set again after a failure (a SET twice is harmless)
  let modeSet = false;
  const setMode = async () => {
    if (modeSet) return;
    try {
      await client.query(SESSION_SQL_MODE);
    } catch (error) {
      throw connectionFailed(error, url);
    }
    modeSet = true;
  };
  return {
    ...session,
    flavor: handshakeFlavor(client),
    async query(sql, params) {
      await setMode();
      return session.query(sql, params);
    },
    async executeScript(statements) {
      await setMode();
      return session.executeScript(statements);
    },
    async selectAll(statements) {
      if (modeSet) return session.selectAll(statements);
      // the SET's result (an OK packet, no rows) is the batch's first set
      const sets = await session.selectAll([SESSION_SQL_MODE, ...statements]);
      if (sets === undefined) {
        await setMode();
        return undefined;
      }
      modeSet = true;
      return sets.slice(1);
    },
  };
}

/**
 * Back to its pool without the session's named locks (the run's own unlock came first; this is
 * for a run that stopped before it), as PostgreSQL's driver gives a reserved connection back. A
 * session the server ended, or one whose locks cannot be dropped, is closed and leaves the pool:
 * the application's next query must not inherit the run's lock.
 */
async function givePoolConnectionBack(lent: MysqlPoolConnectionLike): Promise<void> {
  const freed = await lent.query("SELECT RELEASE_ALL_LOCKS()").then(
    () => true,
    () => false,
  );
  if (freed) lent.release();
  else lent.destroy();
}

/**
 * Takes `NO_BACKSLASH_ESCAPES` out of the session's sql_mode: quoteLiteral escapes with
 * backslashes, which that mode would store as written. Run on every session athanor opens, and
 * first in every offline script (`offlineSessionSql`), which runs on a session it did not open.
 */
export const SESSION_SQL_MODE =
  "SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')";
const SERVER_VERSION = "SELECT VERSION() AS version, @@SESSION.max_allowed_packet AS maxPacket";

/**
 * Sets the session's sql_mode and reads the server's version and max_allowed_packet: one round
 * trip on a connection athanor opened (with `multipleStatements`), two on a client the caller
 * passed in.
 */
async function startSession(
  client: MysqlClientLike,
  owned: boolean,
): Promise<{ version: string; maxPacket: number | undefined }> {
  let rows: unknown;
  if (owned) {
    // one result per statement: the SET's, then the SELECT's rows
    const [results] = await client.query(`${SESSION_SQL_MODE};\n${SERVER_VERSION}`);
    rows = (results as unknown[])[1];
  } else {
    await client.query(SESSION_SQL_MODE);
    [rows] = await client.query(SERVER_VERSION);
  }
  const row = (rows as { version?: unknown; maxPacket?: unknown }[] | undefined)?.[0];
  const maxPacket = Number(row?.maxPacket);
  return {
    version: String(row?.version ?? ""),
    maxPacket: Number.isFinite(maxPacket) ? maxPacket : undefined,
  };
}

/**
 * Sends the statements in as few round trips as the session's max_allowed_packet allows (one,
 * unless the script is larger), in order, stopping at the first failure; its `statementIndex` is
 * the statement's in the whole script. A statement too large for any round trip fails before
 * anything is sent (ATHANOR_STATEMENT_TOO_LARGE). The one-packet case (every step of a run) is
 * the batch's own promise, no async layer around it: each costs the reply's way back to the
 * runner microtasks (docs/performance.md, "MariaDB revert, twenty-fifth session").
 */
function executeScript(
  client: MysqlClientLike,
  statements: readonly string[],
  maxPacket: () => Promise<number>,
  knownMaxPacket: number | undefined,
): Promise<void> {
  if (statements.length === 0) return Promise.resolve();
  if (fitsOnePacket(statements, Number.isFinite(knownMaxPacket) ? knownMaxPacket : undefined))
    return sendBatch(client, statements);
  return executeInPackets(client, statements, maxPacket);
}

async function executeInPackets(
  client: MysqlClientLike,
  statements: readonly string[],
  maxPacket: () => Promise<number>,
): Promise<void> {
  for (const batch of packetBatches(statements, await maxPacket())) {
    try {
      await sendBatch(client, batch.statements);
    } catch (error) {
      const index = (error as { statementIndex?: unknown }).statementIndex;
      if (typeof index === "number") Object.assign(error as object, { statementIndex: batch.start + index });
      throw error;
    }
  }
}

/**
 * Sends all statements in one round trip (mysql2 `multipleStatements`), counting finished
 * statements so a failure carries `statementIndex`. Falls back to one statement per round trip
 * for a client opened without `multipleStatements`.
 */
function sendBatch(client: MysqlClientLike, statements: readonly string[]): Promise<void> {
  const core = client.connection;
  if (core === undefined || core.config?.multipleStatements !== true || statements.length === 1)
    return sendOneByOne(client, statements);
  // When the server ends the session mid-script (KILL, restart), mysql2 tells the connection, not
  // the running query, which would then never settle: listen on both, until the batch settles.
  return new Promise<void>((resolve, reject) => {
    let finished = 0;
    let lean: { readonly finished: number } | undefined;
    let settled = false;
    let stop: (() => void) | undefined;
    const succeed = () => {
      if (settled) return;
      settled = true;
      stop?.();
      resolve();
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      stop?.();
      const done = lean?.finished ?? finished;
      reject(Object.assign(error, { statementIndex: Math.min(done, statements.length - 1) }));
    };
    try {
      stop = watchSessionLoss(core, fail);
      // A statement's own trailing `;` would leave an empty statement between the joins (a syntax
      // error); after a trailing `-- note` the join's `;` would be part of the comment.
      const sql = statements.map(joinable).join(STATEMENT_JOIN);
      if (leanBatchFits(core, sql)) {
        lean = sendLeanBatch(core, sql, (error) => (error === undefined ? succeed() : fail(error)));
        return;
      }
      core
        .query(sql)
        .on("fields", () => {
          finished++;
        })
        .on("error", fail)
        .on("end", succeed);
    } catch (error) {
      // thrown before anything was queued (a closed connection): nothing of the batch ran
      settled = true;
      stop?.();
      reject(error);
    }
  });
}

/** One statement a round trip, for a client opened without `multipleStatements` (or one statement). */
async function sendOneByOne(client: MysqlClientLike, statements: readonly string[]): Promise<void> {
  for (const [index, sql] of statements.entries()) {
    try {
      await client.query(sql);
    } catch (error) {
      throw Object.assign(error as object, { statementIndex: index });
    }
  }
}

/** mysql2 is an optional peer: a missing install is a setup problem, not a bad URL. */
async function importMysql2(): Promise<{ default: typeof import("mysql2/promise") }> {
  deferMysql2Tables();
  return (await importPeer(() => import("mysql2/promise"), "mysql2/promise", {
    install: ["mysql2"],
    purpose: "athanor needs it to talk to MySQL or MariaDB",
  })) as unknown as { default: typeof import("mysql2/promise") };
}

/** A statement as one of a multi-statement round trip's parts (see STATEMENT_JOIN). */
function joinable(sql: string): string {
  const bare = withoutFinalSemicolon(sql);
  return endsInLineComment(bare) ? `${bare}\n` : bare;
}

/** `sql` less a final `;` and the whitespace after it (`/;\s*$/` without a regular expression's scan). */
function withoutFinalSemicolon(sql: string): string {
  let end = sql.length;
  while (end > 0 && isSpace(sql.charCodeAt(end - 1))) end--;
  return sql.charCodeAt(end - 1) === SEMICOLON ? sql.slice(0, end - 1) : sql;
}

const SEMICOLON = 0x3b;
