import type { Connection, QueryResult } from "@athanor/core";
import { importPeer } from "@athanor/core/dialect";
import { AthanorError } from "@athanor/core/errors";
import { nextStep } from "@athanor/core/text";
import type { PostgresJsClient, PostgresJsFactory, PostgresJsReservedConnection } from "./client-types.js";
import { type ConnectTarget, connectionFailed, parsePostgresUrl } from "./connect-errors.js";
import { runScript } from "./script-batches.js";

/**
 * A PostgreSQL server notice (e.g. `relation "t" already exists, skipping`). Notices are
 * dropped unless an `onNotice` callback is given: they must not spam a CLI's stdout.
 */
export interface PostgresNotice {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/**
 * How to reach the server: a URL (athanor creates and ends a one-connection postgres.js pool)
 * or a postgres.js instance of your own (athanor reserves one connection and gives it back).
 */
export type PostgresSource = { readonly url: string } | { readonly client: PostgresJsClient };

/**
 * Connection settings for a URL source; ignored for a client you pass in, which keeps its own.
 *
 * @example
 * ```ts
 * const options: PostgresDriverOptions = { connectTimeoutMs: 5_000, onNotice: (n) => log.debug(n.message) };
 * ```
 */
export interface PostgresDriverOptions {
  /** Give up connecting after this long. Default 10 000 ms, so a dead host fails in seconds. */
  readonly connectTimeoutMs?: number | undefined;
  /** `application_name` of the session, shown in pg_stat_activity and lock-timeout errors. Default `athanor`; a URL's `?application_name=` wins. */
  readonly applicationName?: string | undefined;
  /** Receives server notices. Default: dropped. */
  readonly onNotice?: ((notice: PostgresNotice) => void) | undefined;
}

/** Default of {@link PostgresDriverOptions.connectTimeoutMs}. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the one server session a run uses: a reserved postgres.js connection. `query` uses the
 * extended protocol with bind parameters; `executeScript` sends statements as simple-query text
 * in one round trip (see script-batches.ts). Connection failures become
 * ATHANOR_CONNECTION_FAILED.
 *
 * @example
 * ```ts
 * const conn = await connectPostgres({ url: "postgres://postgres@127.0.0.1:5432/app" });
 * await conn.executeScript(["CREATE TABLE a (id int)", "CREATE TABLE b (id int)"]);
 * await conn.close();
 * ```
 */
export async function connectPostgres(
  source: PostgresSource,
  options: PostgresDriverOptions = {},
): Promise<Connection> {
  if ("client" in source) {
    // Not ours to end: give the connection back to the user's pool, without the locks on it.
    const reserved = await source.client.reserve().catch((error: unknown) => {
      throw connectionFailed(error, clientTarget(source.client));
    });
    return postgresConnection(reserved, async () => {
      await reserved.unsafe("SELECT pg_advisory_unlock_all()").then(
        () => undefined,
        () => undefined,
      );
      reserved.release();
    });
  }
  const target = parsePostgresUrl(source.url);
  // The server can end an idle session (pg_terminate_backend between two statements, e.g. while
  // a backfill pauses between batches): postgres.js then leaves the next query on the reserved
  // connection unsettled, and node exits 13 with nothing printed. The close event settles it.
  const closed = closeSignal();
  const sql = await createPool(source.url, target, options, closed.fire);
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  // postgres.js's own connect_timeout does not reject a query queued behind a connection that
  // never completes (seen with a black-holed address), so the deadline is enforced here too.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`connection timed out after ${timeoutMs} ms`), { code: "CONNECT_TIMEOUT" }),
        ),
      timeoutMs,
    );
  });
  try {
    const reserved = await Promise.race([sql.reserve(), deadline]);
    // reserve() resolves before the handshake; the first query proves the session is usable.
    await Promise.race([reserved.unsafe("SELECT 1"), deadline]);
    return postgresConnection(
      reserved,
      async () => {
        reserved.release();
        await sql.end({ timeout: 5 });
      },
      closed.promise,
    );
  } catch (error) {
    await sql.end({ timeout: 0 }).catch(() => undefined);
    throw connectionFailed(error, target);
  } finally {
    clearTimeout(timer);
  }
}

// postgres.js exposes its parsed options; other structural clients may not.
function clientTarget(client: PostgresJsClient): ConnectTarget {
  const o = (client as { options?: { host?: unknown; port?: unknown; database?: unknown; user?: unknown } })
    .options;
  const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
  return {
    host: String(first(o?.host) ?? "?"),
    port: Number(first(o?.port) ?? 5432),
    database: String(o?.database ?? "?"),
    user: String(o?.user ?? "?"),
  };
}

/** A promise that rejects (with a session-lost error) once the pool's connection closes. */
function closeSignal(): { readonly promise: Promise<never>; readonly fire: () => void } {
  let fire: () => void = () => undefined;
  const promise = new Promise<never>((_, reject) => {
    fire = () =>
      reject(Object.assign(new Error("the server closed the connection"), { code: "CONNECTION_CLOSED" }));
  });
  promise.catch(() => undefined);
  return { promise, fire: () => fire() };
}

async function createPool(
  url: string,
  target: ConnectTarget,
  options: PostgresDriverOptions,
  onClose: () => void = () => undefined,
): Promise<PostgresJsClient> {
  const postgres = (
    await importPeer(() => import("postgres"), "postgres", {
      install: ["postgres"],
      purpose: `athanor needs it to reach the PostgreSQL server ${target.host}:${target.port} (or pass your own client)`,
    })
  ).default as unknown as PostgresJsFactory;
  const onNotice = options.onNotice;
  try {
    return postgres(url, {
      max: 1,
      connect_timeout: Math.max(
        1,
        Math.ceil((options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS) / 1000),
      ),
      // Unnamed statements: a migration changes the very tables later statements read, and a
      // cached plan would then fail with "cached plan must not change result type".
      prepare: false,
      onclose: () => onClose(),
      onnotice: (notice) =>
        onNotice?.({
          severity: String(notice.severity ?? ""),
          code: String(notice.code ?? ""),
          message: String(notice.message ?? ""),
        }),
      connection: { application_name: options.applicationName ?? "athanor" },
    });
  } catch (error) {
    throw connectionFailed(error, target);
  }
}

/**
 * Wraps a reserved postgres.js connection as a core {@link Connection}.
 *
 * @example
 * ```ts
 * const conn = postgresConnection(await sql.reserve(), async () => sql.end());
 * ```
 */
export function postgresConnection(
  reserved: PostgresJsReservedConnection,
  end: () => Promise<void>,
  closed?: Promise<never>,
): Connection & { selectAll(statements: readonly string[]): Promise<unknown[][] | undefined> } {
  let closing: Promise<void> | undefined;
  // Once the session is gone (backend terminated, network cut), postgres.js crashes the process
  // with an uncatchable TypeError on the next write to the reserved connection
  // (porsager/postgres#1208): every later call rejects with the original error instead.
  let lost: unknown;
  const guard = async <T>(send: () => PromiseLike<T>): Promise<T> => {
    if (lost !== undefined) throw sessionLost(lost);
    try {
      return await (closed === undefined ? send() : Promise.race([send(), closed]));
    } catch (error) {
      if (isSessionLost(error)) lost = error;
      throw error;
    }
  };
  return {
    async query<Row = Record<string, unknown>>(
      text: string,
      params?: readonly unknown[],
    ): Promise<QueryResult<Row>> {
      const rows = await guard(() => reserved.unsafe(text, params === undefined ? undefined : [...params]));
      return { rows: rows as unknown as readonly Row[], rowCount: rows.count ?? undefined };
    },
    async executeScript(statements: readonly string[]): Promise<void> {
      await guard(() => runScript(statements, (text) => reserved.unsafe(text).simple()));
    },
    // several SELECTs in one simple-query message, one row list per statement
    async selectAll(statements: readonly string[]): Promise<unknown[][] | undefined> {
      if (statements.length < 2) return undefined;
      const sets = await guard(() => reserved.unsafe(statements.join(";\n")).simple());
      return sets as unknown as unknown[][];
    },
    close(): Promise<void> {
      closing ??= end();
      return closing;
    },
  };
}

// postgres.js's own codes for a dead socket, and the server's "terminating connection" states
const SESSION_LOST = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "57P01",
  "57P02",
  "57P03",
]);

function isSessionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && SESSION_LOST.has(code);
}

function sessionLost(cause: unknown): AthanorError {
  return new AthanorError(
    "ATHANOR_CONNECTION_FAILED",
    `The connection to PostgreSQL was lost during the run (${(cause as Error)?.message ?? String(cause)}): the server ended the session or the network cut it, so nothing more was sent. ` +
      `What committed before is recorded in the version table; run \`${nextStep({ kind: "current" })}\` to see where the database is, then run the command again.`,
    { causeCode: (cause as { code?: unknown } | null)?.code ?? null },
    { cause },
  );
}
