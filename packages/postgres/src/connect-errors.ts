import { AthanorError } from "@athanor/core/errors";

/**
 * Where a connection was headed, as safe to print: never the password.
 *
 * @example
 * ```ts
 * const target: ConnectTarget = { host: "127.0.0.1", port: 5432, database: "app", user: "postgres" };
 * ```
 */
export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

/**
 * Parses a `postgres://` / `postgresql://` URL into a printable {@link ConnectTarget}, or throws
 * ATHANOR_CONNECTION_FAILED naming what is wrong with it (the URL itself is not echoed, it may
 * hold a password). Multi-host URLs report their first host.
 *
 * @example
 * ```ts
 * parsePostgresUrl("postgres://me:secret@db:6543/app"); // { host: "db", port: 6543, database: "app", user: "me" }
 * ```
 */
export function parsePostgresUrl(url: string): ConnectTarget {
  const malformed = (problem: string) =>
    new AthanorError(
      "ATHANOR_CONNECTION_FAILED",
      `The PostgreSQL URL is malformed: ${problem}. Expected postgres://user:password@host:5432/database (percent-encode special characters in the password).`,
      { causeCode: "INVALID_URL", problem },
    );
  const scheme = /^(postgres|postgresql):\/\//i.exec(url);
  if (!scheme) throw malformed(`it must start with postgres:// or postgresql://`);
  // postgres.js accepts "h1:5432,h2:5432"; WHATWG URL parsing does not, so check the first host.
  const authorityEnd = url.slice(scheme[0].length).search(/[/?#]/);
  const authority =
    authorityEnd === -1
      ? url.slice(scheme[0].length)
      : url.slice(scheme[0].length, scheme[0].length + authorityEnd);
  const firstHost = authority.replace(/^(.*@)?([^,]*).*$/, "$1$2");
  let parsed: URL;
  try {
    parsed = new URL(`postgres://${firstHost}${url.slice(scheme[0].length + authority.length)}`);
  } catch {
    throw malformed("it could not be parsed (check the port, and percent-encode @ : / in the password)");
  }
  if (parsed.port !== "" && !/^\d+$/.test(parsed.port))
    throw malformed(`the port "${parsed.port}" is not a number`);
  // a `%` without two hex digits: decodeURIComponent's bare "URI malformed" was the whole message
  const decoded = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw malformed(`the ${what} has malformed percent-encoding (a % not followed by two hex digits)`);
    }
  };
  const user = decoded(parsed.username, "user name") || process.env.PGUSER || "postgres";
  return {
    host: parsed.hostname || process.env.PGHOST || "localhost",
    port: parsed.port ? Number(parsed.port) : 5432,
    database: decoded(parsed.pathname.slice(1), "database name") || process.env.PGDATABASE || user,
    user,
  };
}

// Codes from the server (SQLSTATE) and from Node's socket layer, each with the sentence that
// tells a user what to check.
const EXPLANATIONS: Readonly<Record<string, (t: ConnectTarget) => string>> = {
  ECONNREFUSED: (t) =>
    `nothing accepts connections at ${t.host}:${t.port}. Start the server, or fix the host and port in the URL`,
  ENOTFOUND: (t) => `the host name "${t.host}" does not resolve. Fix the host in the URL`,
  EAI_AGAIN: (t) =>
    `the host name "${t.host}" could not be resolved right now (DNS failure). Check the network and the host`,
  EHOSTUNREACH: (t) => `the host ${t.host} is unreachable. Check the network, VPN or firewall`,
  ETIMEDOUT: (t) => `${t.host}:${t.port} did not answer in time. Check the host, port and firewall`,
  CONNECT_TIMEOUT: (t) =>
    `${t.host}:${t.port} did not complete the connection in time. Check the host, port and firewall`,
  "28P01": (t) =>
    `the server rejected the password of user "${t.user}". Fix the credentials in the URL or DATABASE_URL`,
  "28000": (t) =>
    `the server refused user "${t.user}" (the role does not exist or pg_hba.conf rejects this connection). Fix the user in the URL or ask for access`,
  "3D000": (t) =>
    `database "${t.database}" does not exist on ${t.host}:${t.port}. Create it (${createdbLine(t.database)}) or fix the database name in the URL`,
  "53300": () => "the server has no free connection slots. Retry later or raise max_connections",
  "57P03": () => "the server is starting up or shutting down. Retry in a moment",
};

/**
 * The `createdb` line for a database name, as a shell reads it: a name from a URL may hold `;`,
 * `$( )`, quotes or a leading `-`, and a user pastes the advice into a shell.
 *
 * @example
 * ```ts
 * createdbLine("app");      // "createdb app"
 * createdbLine("x;rm -rf ~"); // "createdb 'x;rm -rf ~'"
 * ```
 */
export function createdbLine(database: string): string {
  const word = /^[A-Za-z0-9_.,:=@%+/-]+$/.test(database)
    ? database
    : `'${database.replaceAll("'", `'\\''`)}'`;
  return database.startsWith("-") ? `createdb -- ${word}` : `createdb ${word}`;
}

/**
 * Turns whatever a failed connection attempt threw into ATHANOR_CONNECTION_FAILED with a
 * message that says what to fix, and meta `{ host, port, database, user, causeCode }`.
 *
 * @example
 * ```ts
 * try { await sql.reserve(); } catch (e) { throw connectionFailed(e, target); }
 * ```
 */
export function connectionFailed(cause: unknown, target: ConnectTarget): AthanorError {
  const code = causeCodeOf(cause);
  const explain = code === undefined ? undefined : EXPLANATIONS[code];
  const detail = explain
    ? explain(target)
    : `${messageOf(cause)}. Check the URL, that the server runs, and the credentials`;
  return new AthanorError(
    "ATHANOR_CONNECTION_FAILED",
    `Could not connect to PostgreSQL at ${target.host}:${target.port}/${target.database}: ${detail}.`,
    {
      host: target.host,
      port: target.port,
      database: target.database,
      user: target.user,
      causeCode: code ?? null,
      causeMessage: messageOf(cause),
    },
    { cause },
  );
}

/** The SQLSTATE or errno-style code of a driver error, if any. */
export function causeCodeOf(cause: unknown): string | undefined {
  if (typeof cause !== "object" || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
