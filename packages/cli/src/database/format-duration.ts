/**
 * A duration as people read it in a log: `12 ms` below a second, `1.2 s` above.
 *
 * @example
 * ```ts
 * formatDuration(1234); // "1.2 s"
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
