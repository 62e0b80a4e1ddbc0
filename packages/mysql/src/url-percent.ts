/**
 * The part of a MySQL URL whose percent-encoding cannot be decoded (a `%` not followed by two hex
 * digits), or undefined. mysql2 decodes the user, password and database with decodeURIComponent,
 * whose bare "URI malformed" named neither the problem nor the part.
 */
export function malformedPercentPart(url: URL): string | undefined {
  const parts: [string, string][] = [
    ["user name", url.username],
    ["password", url.password],
    ["database name", url.pathname.slice(1)],
  ];
  for (const [what, text] of parts) {
    try {
      decodeURIComponent(text);
    } catch {
      return what;
    }
  }
  return undefined;
}
