// A parameter (or a key inside mysql2's JSON `ssl` options) that holds a secret: libpq's
// password/sslpassword, libSQL's authToken, mysql2's ssl key and passphrase.
const SECRET_NAME = /pass|secret|token|key|cred/i;

/**
 * True when a connection URL carries a secret that must not be copied into a second file: a
 * password in its userinfo, percent-encoded or not; a query parameter that names one
 * (`?password=`, `?sslpassword=`, `?authToken=`, mysql2's `?ssl={"passphrase":…}`); or a URL the
 * WHATWG parser cannot read (libpq's multi-host `h1:5432,h2:5432`), whose parts athanor cannot
 * vouch for. A file path carries none.
 *
 * @example
 * ```ts
 * urlCarriesSecret("postgres://app@db/app?password=x"); // true
 * urlCarriesSecret("postgres://app@db/app?sslmode=require"); // false
 * ```
 */
export function urlCarriesSecret(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // a scheme with an authority is a URL we could not read; anything else is a path
    return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url);
  }
  if (parsed.password !== "") return true;
  for (const [name, value] of parsed.searchParams) {
    if (SECRET_NAME.test(name)) return true;
    if (/^\s*[[{]/.test(value) && SECRET_NAME.test(value)) return true;
  }
  return false;
}
