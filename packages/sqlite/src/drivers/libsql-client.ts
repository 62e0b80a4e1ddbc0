import { pathToFileURL } from "node:url";
import type { QueryResult } from "@athanor/core";
import { AthanorError, isAthanorError } from "@athanor/core";
import { importPeer } from "@athanor/core/dialect";
import { hideUrlSecrets } from "@athanor/core/text";
import type { Client, InArgs, InValue, Transaction } from "@libsql/client";
import type { SqliteConnection } from "../sqlite-connection.js";
import { explainViolation } from "./fk-violation.js";
import { connectionFailed, toSqliteValue } from "./sync-database.js";

const BEGIN = /^\s*BEGIN\b/i;
const END = /^\s*(COMMIT|END|ROLLBACK)\s*;?\s*$/i;
// The dialect's commit is "<foreign key check>;\nCOMMIT": the check runs in the transaction.
const TRAILING_COMMIT = /;\s*(COMMIT)\s*;?\s*$/i; // never END: a trigger body ends with it

/**
 * A session over `@libsql/client`. The client has no session of its own: each `execute` borrows
 * a pooled connection and rolls back whatever it left open, and a remote (Turso) client sends each
 * one as its own request. So a `BEGIN` opens the client's interactive transaction (`transaction
 * ("write")`, BEGIN IMMEDIATE locally, one stream remotely) and every statement until COMMIT or
 * ROLLBACK goes through it; outside a transaction statements go to the client (a local client is
 * opened with one connection, so `PRAGMA foreign_keys = OFF` sticks to the session).
 *
 * @example
 * ```ts
 * const conn = await openLibsqlClient("/srv/app.db", { timeoutMs: 5000 });
 * ```
 */
export async function openLibsqlClient(
  file: string,
  options: { readonly timeoutMs: number; readonly authToken?: string | undefined },
): Promise<SqliteConnection> {
  const url = clientUrl(file);
  const module = await importPeer(() => import("@libsql/client"), "@libsql/client", {
    install: ["@libsql/client"],
    purpose: 'the config selects @libsql/client (dialect: "turso")',
  });
  let client: Client;
  try {
    client = module.createClient({
      url,
      concurrency: 1,
      timeout: options.timeoutMs,
      ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
    });
    // a remote URL connects lazily: this round trip is where an unreachable server fails
    await client.execute("PRAGMA foreign_keys = ON");
    await client.execute("SELECT count(*) AS n FROM sqlite_schema");
  } catch (error) {
    throw clientFailed(error, file);
  }
  return wrapLibsqlClient(client, file);
}

/**
 * A database path as @libsql/client's URL; `:memory:` and a server's URL (libsql://, https://) as
 * given. The client percent-decodes a `file:` URL's path and takes `?` and `#` as its query and
 * fragment, so the path is encoded: `file:${path}` opened `a%41.db` as `aA.db` — another file than
 * better-sqlite3 and libsql open for the same config — and refused `b#c.db`.
 */
function clientUrl(file: string): string {
  if (file === ":memory:" || /^[a-z][a-z0-9+.-]*:/i.test(file)) return file;
  return pathToFileURL(file).href;
}

function wrapLibsqlClient(client: Client, file: string): SqliteConnection {
  let tx: Transaction | undefined;
  const target = () => tx ?? client;
  const end = async (word: string) => {
    const open = tx;
    tx = undefined;
    if (open === undefined) throw new Error(`cannot ${word.toLowerCase()} - no transaction is active`);
    if (/^ROLLBACK$/i.test(word)) await open.rollback();
    else await open.commit();
  };
  const one = async <Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> => {
    if (BEGIN.test(sql)) {
      if (tx !== undefined) throw new Error("cannot start a transaction within a transaction");
      tx = await client.transaction("write");
      return { rows: [] };
    }
    const ending = END.exec(sql);
    if (ending !== null) {
      await end(ending[1] as string);
      return { rows: [] };
    }
    const result = await target().execute({ sql, args: params.map(toSqliteValue) as InValue[] as InArgs });
    // rows are Row objects with extra index keys; copy the named columns only
    const rows = result.rows.map((row) => Object.fromEntries(result.columns.map((c) => [c, row[c]])) as Row);
    return { rows, rowCount: result.rowsAffected };
  };
  const script = async (sql: string) => {
    const commit = TRAILING_COMMIT.exec(sql);
    if (commit !== null) {
      await target().executeMultiple(sql.slice(0, commit.index));
      await end(commit[1] as string);
      return;
    }
    if (BEGIN.test(sql) || END.test(sql)) await one(sql);
    else await target().executeMultiple(sql);
  };
  return {
    file,
    driver: "@libsql/client",
    query: one,
    async executeScript(statements) {
      for (const [index, sql] of statements.entries()) {
        try {
          await script(sql);
        } catch (error) {
          throw Object.assign((await explainViolation(error, one, sql)) as object, { statementIndex: index });
        }
      }
    },
    async close() {
      if (tx !== undefined) await tx.rollback().catch(() => undefined);
      tx = undefined;
      client.close();
    },
  };
}

function clientFailed(error: unknown, url: string): AthanorError {
  if (isAthanorError(error)) return error;
  const code = (error as { code?: string }).code;
  // a remote server that cannot be reached (offline, DNS, refused): name the host, never the token
  if (/^libsql:|^https?:|^wss?:/i.test(url)) {
    let host = "?";
    try {
      host = new URL(url).host;
    } catch {}
    return new AthanorError(
      "ATHANOR_CONNECTION_FAILED",
      `Could not reach the libSQL server ${host}: ${(error as Error).message ?? String(error)}. Check the URL, the network and the auth token (?authToken= or LIBSQL_AUTH_TOKEN).`,
      { dialect: "sqlite", url: hideUrlSecrets(url), driverCode: code ?? null, host },
      { cause: error },
    );
  }
  return connectionFailed(error, url, "@libsql/client");
}
