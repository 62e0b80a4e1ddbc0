import { AthanorError } from "../errors.js";
import { inertText } from "../text/inert-text.js";

// Every name athanor derives from `versionTable.name` is spelled here: the tables that create them
// (bookkeeping-sql.ts, backfill-state.ts, last-failure.ts, a dialect's own), the introspectors
// that leave them out, and the check that refuses a name the server could not keep, before any
// connection. A new derived table added to COMPANIONS is checked and left out everywhere.

/**
 * The longest name a server keeps as given, and what it does with a longer one.
 *
 * @example
 * ```ts
 * const pg: IdentifierLimit = { maxLength: 63, unit: "bytes", server: "PostgreSQL", beyond: "truncates" };
 * ```
 */
export interface IdentifierLimit {
  readonly maxLength: number;
  /** What {@link maxLength} counts: UTF-8 bytes (PostgreSQL) or characters (MySQL, MariaDB). */
  readonly unit: "bytes" | "characters";
  /** How messages name the server: `PostgreSQL`, `MySQL/MariaDB`. */
  readonly server: string;
  /** What the server does with a longer name: cuts it silently, or refuses the statement. */
  readonly beyond: "truncates" | "refuses";
}

/**
 * What a dialect says about the names of athanor's own tables: its servers' limit (absent: names
 * of any length, as SQLite), and the tables it derives from the version table's name itself
 * besides core's (MariaDB Galera's lock table, `_lock`).
 */
export interface BookkeepingNames {
  readonly identifierLimit?: IdentifierLimit | undefined;
  /** Suffixes of the dialect's own tables named after the version table. */
  readonly companionSuffixes?: readonly string[] | undefined;
}

/** A table core names after the version table, and whether it has a named primary key. */
interface Companion {
  readonly suffix: string;
  readonly what: string;
  readonly keyed: boolean;
}

/** The version table's companions core creates: `<name><suffix>`. */
export const VERSION_TABLE_SUFFIXES = {
  history: "_history",
  backfill: "_backfill",
  fleetFailure: "_fleet_failure",
} as const;

/** The suffix of the named primary key of the version table and of the fleet's failure table. */
export const PRIMARY_KEY_SUFFIX = "_pkc";

const COMPANIONS: readonly Companion[] = [
  { suffix: VERSION_TABLE_SUFFIXES.history, what: "history table", keyed: false },
  { suffix: VERSION_TABLE_SUFFIXES.backfill, what: "backfill progress table", keyed: false },
  { suffix: VERSION_TABLE_SUFFIXES.fleetFailure, what: "fleet failure table", keyed: true },
];

/**
 * The version table's name and every table athanor names after it (core's and the dialect's), as
 * the introspectors leave them out of the schema.
 *
 * @example
 * ```ts
 * versionTableCompanionNames("athanor_version", ["_lock"]);
 * // ["athanor_version", "athanor_version_history", "athanor_version_backfill", "athanor_version_fleet_failure", "athanor_version_lock"]
 * ```
 */
export function versionTableCompanionNames(name: string, dialectSuffixes: readonly string[] = []): string[] {
  return [name, ...COMPANIONS.map((c) => `${name}${c.suffix}`), ...dialectSuffixes.map((s) => `${name}${s}`)];
}

/** One name derived from the version table's name, and what it names. */
export interface DerivedName {
  readonly name: string;
  readonly what: string;
}

/**
 * Every name athanor derives from `name` on a dialect: tables and named primary keys.
 *
 * @example
 * ```ts
 * derivedVersionTableNames("v").map((d) => d.name); // ["v", "v_pkc", "v_history", "v_backfill", "v_fleet_failure", "v_fleet_failure_pkc"]
 * ```
 */
export function derivedVersionTableNames(name: string, names: BookkeepingNames = {}): DerivedName[] {
  const key = (table: string, what: string) => ({
    name: `${table}${PRIMARY_KEY_SUFFIX}`,
    what: `${what}'s primary key`,
  });
  const derived: DerivedName[] = [{ name, what: "version table" }, key(name, "version table")];
  for (const c of COMPANIONS) {
    derived.push({ name: `${name}${c.suffix}`, what: c.what });
    if (c.keyed) derived.push(key(`${name}${c.suffix}`, c.what));
  }
  for (const suffix of names.companionSuffixes ?? [])
    derived.push({ name: `${name}${suffix}`, what: `${suffix.replace(/^_/, "")} table` });
  return derived;
}

/**
 * A name's length as `limit` counts it: UTF-8 bytes or characters (code points).
 *
 * @example
 * ```ts
 * identifierLength("é", "bytes"); // 2
 * identifierLength("é", "characters"); // 1
 * ```
 */
export function identifierLength(name: string, unit: IdentifierLimit["unit"]): number {
  return unit === "bytes" ? new TextEncoder().encode(name).length : [...name].length;
}

/**
 * Refuses, with ATHANOR_CONFIG_INVALID, a version table location the dialect's server could not
 * keep: a schema, or any name derived from the table's name ({@link derivedVersionTableNames}),
 * longer than its limit. Called where the configuration is read, before anything connects, so a
 * long name never surfaces as a failed statement mid-run (MySQL refuses it) or as a table created
 * under another name than the one read later (PostgreSQL truncates it). `file` prefixes the
 * message when the location came from a config file.
 *
 * @example
 * ```ts
 * assertVersionTableNamesFit({ name: "a".repeat(50) }, POSTGRES_NAMES); // throws: …_fleet_failure is 64 bytes
 * ```
 */
export function assertVersionTableNamesFit(
  // dialect.ts's VersionTableLocation, spelled out: that file imports this one's types
  location: { readonly name: string; readonly schema?: string | undefined },
  names: BookkeepingNames | undefined,
  file?: string,
): void {
  const limit = names?.identifierLimit;
  if (limit === undefined) return;
  const prefix = file === undefined ? "" : `${inertText(file)}: `;
  const length = (name: string) => identifierLength(name, limit.unit);
  const rule = `${limit.server} ${limit.beyond} names longer than ${limit.maxLength} ${limit.unit}`;
  const meta = { limit: limit.maxLength, unit: limit.unit, ...(file === undefined ? {} : { file }) };
  const { schema } = location;
  if (schema !== undefined && length(schema) > limit.maxLength) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `${prefix}\`versionTable.schema\` ${shown(schema)} is ${length(schema)} ${limit.unit} long; ${rule}. Choose a schema name of at most ${limit.maxLength} ${limit.unit}; no database was touched.`,
      { ...meta, field: "versionTable.schema", value: schema },
    );
  }
  const derived = derivedVersionTableNames(location.name, names);
  const tooLong = derived.filter((d) => length(d.name) > limit.maxLength);
  if (tooLong.length === 0) return;
  const fits = limit.maxLength - Math.max(...derived.map((d) => length(d.name))) + length(location.name);
  const listed = tooLong.map((d) => `the ${d.what} ${shown(d.name)} (${length(d.name)} ${limit.unit})`);
  throw new AthanorError(
    "ATHANOR_CONFIG_INVALID",
    `${prefix}\`versionTable.name\` ${shown(location.name)} (${length(location.name)} ${limit.unit}) is too long for ${limit.server}, which ${limit.beyond} names longer than ${limit.maxLength} ${limit.unit}: athanor derives ${joined(listed)} from it. The longest versionTable.name that fits is ${fits} ${limit.unit}; no database was touched.`,
    {
      ...meta,
      field: "versionTable.name",
      value: location.name,
      tooLong: tooLong.map((d) => ({ name: d.name, length: length(d.name) })),
      longestFit: fits,
    },
  );
}

/** A name quoted so its end is unambiguous and nothing in it acts on a terminal. */
function shown(name: string): string {
  return inertText(JSON.stringify(name));
}

function joined(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
