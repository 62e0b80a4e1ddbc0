/**
 * `sha256:4c1f09ab12cd` — enough of a checksum to tell two apart.
 *
 * @example
 * ```ts
 * shortChecksum("sha256:4c1f09ab12cd9f…"); // "sha256:4c1f09ab12cd"
 * ```
 */
export function shortChecksum(checksum: string): string {
  const colon = checksum.indexOf(":");
  return checksum.slice(0, colon + 13);
}
