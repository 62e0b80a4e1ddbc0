import { type FleetTarget, listFleetTargets, schemaTargets } from "@athanor/core";
import type { Dialect } from "@athanor/core/dialect";
import { AthanorError } from "@athanor/core/errors";
import { inertText } from "@athanor/core/text";
import type { ResolvedFleet } from "../config/fleet-config.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { databaseTargetOf } from "../database/database-target.js";
import { dialectModule } from "../database/dialect-registry.js";
import type { DatabaseRun } from "../database/open-database-run.js";
import { openDialect } from "../database/open-dialect.js";
import { shellWord } from "../format/shell-word.js";

/** A fleet's targets, ready to run, and what closes the dialects opened for them. */
export interface OpenedFleet {
  readonly fleet: ResolvedFleet;
  readonly targets: readonly FleetTarget[];
  /**
   * The config as seen from one target: its URL (so its dialect, its lint rules and, for a
   * SQLite file, its row counts) in place of the config's own.
   */
  configOf(target: string): ResolvedConfig;
  close(): Promise<void>;
}

/**
 * The fleet `--fleet [NAME]` selects: the named one, or the config's only fleet. Unknown names
 * and a missing name among several are ATHANOR_USAGE listing the declared fleets.
 */
export function selectFleet(config: ResolvedConfig, requested: string | boolean): ResolvedFleet {
  const fleets = config.fleets ?? [];
  const names = fleets.map((f) => f.name);
  const listed =
    names.length === 0
      ? "the config declares none (add `fleets` to it, see docs/fleet.md)"
      : `declared: ${names.join(", ")}`;
  if (typeof requested === "string") {
    const found = fleets.find((f) => f.name === requested);
    if (found !== undefined) return found;
    throw new AthanorError("ATHANOR_USAGE", `No fleet is named "${inertText(requested)}"; ${listed}.`, {
      option: "--fleet",
      value: requested,
    });
  }
  if (fleets.length === 1) return fleets[0] as ResolvedFleet;
  throw new AthanorError("ATHANOR_USAGE", `--fleet needs a name: ${listed}.`, { option: "--fleet" });
}

/**
 * Opens the dialects of a fleet's targets: one server dialect for a schema fleet (the config's
 * own when the fleet names no URL, so an embedded database is opened once), one per URL for a
 * database fleet, the dialect chosen by each URL's scheme. Nothing connects here except a
 * schema fleet's listing query.
 */
export async function openFleet(run: DatabaseRun, fleet: ResolvedFleet): Promise<OpenedFleet> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne().catch(() => undefined);
  };
  try {
    if (fleet.kind === "schemas") {
      const server =
        fleet.url === undefined
          ? run.migration.options.dialect
          : await openUrl(run.config, fleet.url, run.config.dialect, closers);
      const names = Array.isArray(fleet.schemas)
        ? (fleet.schemas as readonly string[])
        : await listFleetTargets(server, (fleet.schemas as { query: string }).query);
      // every schema lives on one server: the config as it is, or pointed at the fleet's URL
      const shared = fleet.url === undefined ? run.config : { ...run.config, url: fleet.url };
      return { fleet, targets: schemaTargets(server, names), configOf: () => shared, close };
    }
    const targets: FleetTarget[] = [];
    const configs = new Map<string, ResolvedConfig>();
    for (const entry of fleet.databases) {
      const dialect = await openUrl(run.config, entry.url, undefined, closers);
      const name = entry.name ?? nameOfUrl(entry.url);
      targets.push({ name, dialect });
      // the dialect comes from this URL's scheme, as openUrl chose it, not the config's
      configs.set(name, { ...run.config, url: entry.url, dialect: undefined });
    }
    const configOf = (target: string) => configs.get(target) ?? run.config;
    return { fleet, targets, configOf, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * `--target NAME...`: the fleet narrowed to those targets, in the fleet's order. A name the fleet
 * does not hold is ATHANOR_USAGE (exit 2) before anything runs, never a run on nothing.
 */
export function onlyTargets(opened: OpenedFleet, names: readonly string[] | undefined): OpenedFleet {
  if (names === undefined || names.length === 0) return opened;
  const known = new Set(opened.targets.map((t) => t.name));
  const missing = names.filter((name) => !known.has(name));
  if (missing.length > 0)
    throw new AthanorError(
      "ATHANOR_USAGE",
      `Fleet ${inertText(opened.fleet.name)} has no target named ${missing.map((m) => `"${inertText(m)}"`).join(", ")}; \`athanor current --fleet ${shellWord(opened.fleet.name)}\` lists its ${opened.targets.length} target(s).`,
      { option: "--target", value: missing[0] },
    );
  const wanted = new Set(names);
  return { ...opened, targets: opened.targets.filter((t) => wanted.has(t.name)) };
}

async function openUrl(
  config: ResolvedConfig,
  url: string,
  dialect: string | undefined,
  closers: (() => Promise<void>)[],
): Promise<Dialect> {
  const target = await databaseTargetOf({ ...config, url, dialect });
  const module = await dialectModule(target.dialect, target);
  const opened = openDialect(module, target);
  closers.push(() => opened.close());
  return opened.dialect;
}

/** `host:port/database` of a URL — never its user or password. */
function nameOfUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
  } catch {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      "A fleet database URL cannot be parsed; give it as `{ name, url }` or fix it.",
      {
        field: "fleets.databases",
      },
    );
  }
}
