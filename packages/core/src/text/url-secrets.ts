// The one rule for which part of a database URL is secret. Every message, error meta and config
// file that names a URL goes through it, so a secret is hidden (or refused) the same way everywhere.

// A parameter (or a key inside a structured value) that holds a secret: libpq's password and
// sslpassword, libSQL's authToken, mysql2's password1-3 and its JSON `ssl` key and passphrase.
const SECRET_WORDS = "pass|secret|token|key|cred";
const SECRET_NAME = new RegExp(SECRET_WORDS, "i");
// a secret name used as a key inside a value: JSON (`"passphrase":`) or key=value (`password=`)
const SECRET_KEY_IN_VALUE = new RegExp(`(?:${SECRET_WORDS})[\\w-]*"?\\s*[:=]`, "i");
const HIDDEN = "***";

/** True when a query parameter's name, or a key inside its value, names a secret. */
function isSecretParameter(name: string, value: string): boolean {
  return SECRET_NAME.test(name) || SECRET_KEY_IN_VALUE.test(value);
}

function parsed(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** A scheme followed by `//`: a URL, not a file path. */
function looksLikeUrl(url: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url);
}

/**
 * The URL as a message may show it: the password and every query parameter that may hold a secret
 * as `***` (the user name stays, as Alembic shows it). A URL the WHATWG parser cannot read (libpq's
 * multi-host `h1:5432,h2:5432`, a `/` in a password) shows neither its user part nor its query nor
 * its fragment, since athanor cannot tell where its secrets are. A file path is shown as it is.
 *
 * @example
 * ```ts
 * hideUrlSecrets("mysql://app:pw@db:3306/app?password=x"); // "mysql://app:***@db:3306/app?password=***"
 * hideUrlSecrets("libsql://db.turso.io?authToken=t"); // "libsql://db.turso.io?authToken=***"
 * ```
 */
export function hideUrlSecrets(url: string): string {
  const read = parsed(url);
  if (read === undefined) {
    if (!looksLikeUrl(url)) return url;
    const scheme = url.slice(0, url.indexOf("://") + 3);
    // everything up to the last `@` before the query may be userinfo; the query and fragment may hold secrets
    const rest = url.slice(scheme.length).replace(/[?#][\s\S]*$/, (tail) => `${tail[0]}${HIDDEN}`);
    const at = rest.lastIndexOf("@");
    return `${scheme}${at === -1 ? rest : `${HIDDEN}${rest.slice(at)}`}`;
  }
  if (!looksLikeUrl(url)) return url;
  if (read.password !== "") read.password = HIDDEN;
  const secretNames = [...read.searchParams].filter(([name, value]) => isSecretParameter(name, value));
  for (const [name] of secretNames) read.searchParams.set(name, HIDDEN);
  // a fragment never reaches the server, but one that names a secret is hidden all the same
  if (SECRET_NAME.test(read.hash)) read.hash = HIDDEN;
  return read.toString();
}

/**
 * True when a connection URL carries a secret that must not be copied into a second file: exactly
 * when {@link hideUrlSecrets} would hide something (a password in its userinfo, percent-encoded or
 * not; a parameter that names one, `?password=`, `?sslpassword=`, `?authToken=`, mysql2's
 * `?ssl={"passphrase":…}`), or a URL the WHATWG parser cannot read, whose parts athanor cannot
 * vouch for. A file path carries none.
 *
 * @example
 * ```ts
 * urlCarriesSecret("postgres://app@db/app?password=x"); // true
 * urlCarriesSecret("postgres://app@db/app?sslmode=require"); // false
 * ```
 */
export function urlCarriesSecret(url: string): boolean {
  if (!looksLikeUrl(url)) return false;
  if (parsed(url) === undefined) return true;
  return hideUrlSecrets(url) !== new URL(url).toString();
}
