// A timestamp as a driver returns it: `YYYY-MM-DD[ T]HH:MM:SS[.fraction][zone]`, zone `Z`, `±HH`,
// `±HHMM` or `±HH:MM`, or none (MySQL's DATETIME and SQLite's text, which athanor writes in UTC).
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A stored point in time as ISO 8601 in UTC (`2026-12-06T19:57:22.123Z`), whatever the driver
 * gave: a `Date` (PostgreSQL, PGlite), MySQL's `dateStrings` text, SQLite's text (athanor's ISO
 * or `CURRENT_TIMESTAMP`'s `YYYY-MM-DD HH:MM:SS`). Text without a zone is UTC: athanor writes its
 * timestamps in UTC there. Anything else unreadable is returned as it is rather than guessed at.
 *
 * @example
 * ```ts
 * isoUtc("2026-12-06 19:57:22.000000"); // "2026-12-06T19:57:22.000Z"
 * ```
 */
export function isoUtc(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const text = String(value).trim();
  const match = TIMESTAMP.exec(text);
  if (match === null) return text;
  const [, day, time, fraction, zone] = match;
  const ms = (fraction ?? "").padEnd(3, "0").slice(0, 3);
  const offset =
    zone === undefined || zone.toUpperCase() === "Z"
      ? "Z"
      : zone.length === 3
        ? `${zone}:00`
        : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${day}T${time}.${ms}${offset}`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
