// A MySQL URL as an error may show it (message and --json meta): mysql2 reads secrets from the
// password and from query parameters (password1-3 for multi-factor, a key or passphrase in its
// JSON `ssl` option), so each of those is `***`. Every message that names a URL uses this one.

const SECRET_PARAMETER = /pass|secret|token|key|cred/i;

/**
 * The URL with its password and any parameter that may hold a secret as `***`; an unreadable URL
 * shows neither its user part nor its query.
 *
 * @example
 * ```ts
 * shownUrl("mysql://app:pw@db:3306/?password=x"); // "mysql://app:***@db:3306/?password=***"
 * ```
 */
export function shownUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/[^/]*@/, "//***@").replace(/\?[\s\S]*$/, "?***");
  }
  if (parsed.password !== "") parsed.password = "***";
  for (const [name, value] of [...parsed.searchParams])
    if (SECRET_PARAMETER.test(name) || SECRET_PARAMETER.test(value)) parsed.searchParams.set(name, "***");
  return parsed.toString();
}
