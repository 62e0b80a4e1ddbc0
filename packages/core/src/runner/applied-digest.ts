import { hash } from "node:crypto";

/**
 * One digest of every applied revision's checksum, so a no-op check compares one value the
 * server computes (`BookkeepingSql.selectNoopDigest`) instead of reading a row per revision: the
 * MD5 (hex) of each pair as `<bytes>:<revision><bytes>:<checksum>` (byte counts of the UTF-8
 * text), in the UTF-8 byte order of the revision ids. Length-prefixed, so no character in an id
 * or a checksum (a quote, a colon, a digit) can make two different histories give the same text.
 *
 * @example
 * ```ts
 * appliedDigest({ a1: "sha256:…", b2: "sha256:…" }); // "5d41402abc4b2a76b9719d911017c592"
 * ```
 */
export function appliedDigest(checksums: Readonly<Record<string, string>>): string {
  const entries = Object.entries(checksums).map(([id, checksum]) => ({
    key: Buffer.from(id, "utf8"),
    text: `${lengthPrefixed(id)}${lengthPrefixed(checksum)}`,
  }));
  // the server orders by bytes (PostgreSQL's "C" collation, MySQL's BINARY), not by UTF-16 units
  entries.sort((x, y) => Buffer.compare(x.key, y.key));
  return hash("md5", entries.map((entry) => entry.text).join(""), "hex");
}

function lengthPrefixed(text: string): string {
  return `${Buffer.byteLength(text, "utf8")}:${text}`;
}
