import { isAbsolute, resolve } from "node:path";
import { AthanorError, hasControlCharacters } from "@athanor/core";

/** The in-memory database's file name as SQLite spells it. */
export const MEMORY = ":memory:";

/**
 * The database file a `sqlite:` or `file:` URL names, as drizzle-kit's configs spell them:
 * `file:./app.db`, `file:/srv/app.db`, `file:///srv/app.db`, `file://localhost/srv/app.db`, `sqlite:app.db`,
 * `sqlite:///srv/app.db`,
 * and `:memory:` (also `file::memory:`). `file://host/path` and `sqlite://host/path` (a host other
 * than localhost; `sqlite://app.db` too) are refused, as SQLite and libSQL refuse them. A relative path is resolved against `root` (the config's
 * folder), never the process's working directory, so a command run from a subfolder opens the
 * same file. Query strings (`?mode=ro`) are refused rather than ignored, and so is a URL that names
 * no file (`file:`, `sqlite:` — an unset variable in `file:$DB_PATH`: SQLite would open a
 * throw-away database and every migration would "succeed" into it), malformed percent-encoding,
 * and a path holding a control character (`%00` would cut the name short: SQLite takes C strings).
 *
 * @example
 * ```ts
 * sqliteFileOf("file:./data/app.db", "/repo"); // "/repo/data/app.db"
 * sqliteFileOf("sqlite::memory:", "/repo");     // ":memory:"
 * ```
 */
export function sqliteFileOf(url: string, root: string): string {
  const match = /^(?:sqlite|file):(.*)$/is.exec(url);
  const server = match === null ? OTHER_SCHEME.exec(url) : null;
  const scheme = match === null && server === null ? BARE_SCHEME.exec(url) : null;
  if (scheme !== null) {
    // `d1-http:abc`, `postgres:app`: a scheme athanor does not read as a file would otherwise
    // create a file named after the URL beside the config, and every migration would "succeed" there
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `The SQLite URL starts with the scheme ${scheme[1]}:, which names no database file athanor opens (the URL is not shown: it may hold a password); nothing was opened.`,
      {
        field: "url",
        hint: "file:./app.db for a file (a file whose name holds a colon: ./name:x.db), libsql:// or https:// for a libSQL server",
      },
    );
  }
  if (server !== null) {
    // A DATABASE_URL meant for another database (postgres://me:secret@db/app): as a path it would
    // be printed whole, password and all, and could create a file named after it.
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `The SQLite URL names a ${server[1]}:// server, not a database file (the URL is not shown: it may hold a password); nothing was opened.`,
      {
        field: "url",
        hint: "file:./app.db for a file, libsql:// or https:// for a libSQL server; or set `dialect` to the database the URL names",
      },
    );
  }
  let rest = match === null ? url : (match[1] as string);
  if (rest.includes("?")) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `The SQLite URL ${JSON.stringify(url)} has a query string; athanor opens the file read-write and takes no URL options.`,
      { field: "url", hint: "file:./app.db" },
    );
  }
  // file://localhost/abs names /abs on this machine (RFC 8089, as SQLite reads it), not a folder
  // "localhost" beside the config
  if (/^\/\/localhost\//i.test(rest)) rest = rest.slice("//localhost".length);
  else if (match !== null && /^\/\/[^/]/.test(rest)) {
    // file://app.db names the host "app.db" (RFC 8089): SQLite and @libsql/client (drizzle-kit's
    // turso) refuse it. sqlite://app.db the same way: @libsql/client refuses every sqlite: URL and
    // better-sqlite3 (drizzle-kit passes it on) looks for a folder "sqlite:". Read as the relative
    // path app.db, either opened a file the app's own driver never would.
    const scheme = url.slice(0, url.indexOf(":")).toLowerCase();
    throw invalidUrl(
      url,
      `names a host (${scheme}://host/path); a file on this machine is ${scheme}:./relative.db, ${scheme}:/absolute.db or ${scheme}:///absolute.db`,
    );
  } else if (rest.startsWith("//")) rest = rest.slice(2); // file:///abs → /abs
  try {
    rest = decodeURIComponent(rest);
  } catch {
    throw invalidUrl(url, "has malformed percent-encoding (a `%` not followed by two hex digits)");
  }
  if (rest === MEMORY) return MEMORY;
  if (rest === "") throw invalidUrl(url, "names no database file");
  if (hasControlCharacters(rest)) throw invalidUrl(url, "names a path with a control character");
  return isAbsolute(rest) ? rest : resolve(root, rest);
}

/** `scheme://…`: a URL of some server. One letter is a Windows drive (`C://db`), not a scheme. */
const OTHER_SCHEME = /^([a-z][a-z0-9+.-]+):\/\//i;

/** `scheme:…` without `//` (`d1-http:abc`): a scheme too, never a file name. One letter is a drive. */
const BARE_SCHEME = /^([a-z][a-z0-9+.-]+):/i;

function invalidUrl(url: string, problem: string): AthanorError {
  return new AthanorError(
    "ATHANOR_CONFIG_INVALID",
    `The SQLite URL ${JSON.stringify(url)} ${problem}; nothing was opened.`,
    {
      field: "url",
      hint: "file:./app.db (or sqlite::memory: for a database that lives only as long as the command)",
    },
  );
}
