import type { FleetReading, FleetTargetRecord } from "@athanor/core";
import { inertText } from "@athanor/core/text";
import type { ScopeFlags } from "../autogenerate/live-and-desired.js";
import type { Context } from "../context.js";
import { EXIT, printJson } from "../output.js";
import { type CleanTarget, checkFleetTargets } from "./fleet-check.js";
import { withFleet } from "./fleet-command.js";
import { type FleetCommandOptions, fleetRunOptions } from "./fleet-options.js";
import { firstLine } from "./report-fleet.js";

/** A target's verdict: the models match, they differ, or it could not be compared. */
export type CheckVerdict = "clean" | "drift" | "failed";

/** What `check --fleet` compares every target with. */
export type CheckAgainst = "models" | "migrations";

const AGAINST_WORDS: Readonly<Record<CheckAgainst, string>> = {
  models: "the models",
  migrations: "the migrations",
};

/** Exit codes of `check --fleet` (docs/fleet.md#checking-a-fleet-against-the-models). */
export const CHECK_FLEET_EXIT = {
  /** Every target matches the models. */
  clean: EXIT.ok,
  /** A target differs from the models, or could not be compared (not at every head, unreadable). */
  problems: EXIT.failure,
} as const;

/** The verdict a check record stands for. */
export function checkVerdict(record: FleetTargetRecord): CheckVerdict {
  if (record.error === undefined) return "clean";
  const { code } = record.error;
  return code === "ATHANOR_SCHEMA_DRIFT" || code === "ATHANOR_MIGRATION_DRIFT" ? "drift" : "failed";
}

/** The differences of a drifted record (its error's `meta.differences`). */
export function driftOf(record: FleetTargetRecord): readonly string[] {
  const differences = record.error?.meta.differences;
  return Array.isArray(differences) ? differences.filter((d): d is string => typeof d === "string") : [];
}

/**
 * `athanor check --fleet [NAME]`: every target against the Drizzle models (or, `--against
 * migrations`, the schema the revisions build, replayed once), `--concurrency` at a time on
 * pooled sessions; one progress line per target on stderr, then the summary (or `--json`: one
 * record per target with its verdict). Exit 0 when every target matches, 1 otherwise.
 */
export async function checkFleetCommand(
  ctx: Context,
  configPath: string | undefined,
  options: FleetCommandOptions & ScopeFlags & { readonly against?: CheckAgainst | undefined },
): Promise<number> {
  const { concurrency } = fleetRunOptions(options);
  const against = options.against ?? "models";
  return withFleet(ctx, configPath, options, async (run, opened) => {
    const total = opened.targets.length;
    let done = 0;
    const onRecord = (record: FleetTargetRecord) => {
      done += 1;
      ctx.stderr.write(
        `[${String(done).padStart(String(total).length)}/${total}] ${checkLine(record, against)}\n`,
      );
    };
    const reading =
      against === "migrations"
        ? await (await import("./fleet-check-migrations.js")).checkFleetAgainstMigrations(run, opened, {
            excludeTables: options.excludeTable,
            concurrency,
            onRecord,
          })
        : await checkFleetTargets(ctx, run, opened, { flags: options, concurrency, onRecord });
    const counts = verdictCounts(reading);
    if (ctx.json)
      printJson(ctx, {
        command: "check",
        fleet: opened.fleet.name,
        against,
        counts,
        records: reading.records.map((r) => ({ ...r, verdict: checkVerdict(r) })),
      });
    else ctx.stdout.write(`${checkSummary(opened.fleet.name, reading, counts, against).join("\n")}\n`);
    return counts.drift + counts.failed > 0 ? CHECK_FLEET_EXIT.problems : CHECK_FLEET_EXIT.clean;
  });
}

function verdictCounts(reading: FleetReading<CleanTarget>): Record<CheckVerdict, number> {
  const counts: Record<CheckVerdict, number> = { clean: 0, drift: 0, failed: 0 };
  for (const record of reading.records) counts[checkVerdict(record)] += 1;
  return counts;
}

/** One inert progress line: `tenant_a matches the models`, `tenant_b differs from the models (2 differences)`. */
function checkLine(record: FleetTargetRecord, against: CheckAgainst): string {
  const verdict = checkVerdict(record);
  const what = AGAINST_WORDS[against];
  if (verdict === "clean") return `${inertText(record.target)} matches ${what}`;
  if (verdict === "failed") return couldNotCompare(record);
  const n = driftOf(record).length;
  return `${inertText(record.target)} differs from ${what} (${n} difference${n === 1 ? "" : "s"})`;
}

/** The summary: counts, then every drifted target with its differences and every failure. */
export function checkSummary(
  fleet: string,
  reading: FleetReading<CleanTarget>,
  counts: Record<CheckVerdict, number>,
  against: CheckAgainst = "models",
): string[] {
  const what = AGAINST_WORDS[against];
  const lines = [
    `Fleet ${inertText(fleet)}: check against ${what} — ${counts.clean} match, ${counts.drift} differ, ${counts.failed} could not be compared.`,
  ];
  const drifted = reading.records.filter((r) => checkVerdict(r) === "drift");
  if (drifted.length > 0)
    lines.push(
      `Differ from ${what}:`,
      ...drifted.flatMap((r) => [
        `  ${inertText(r.target)}:`,
        ...driftOf(r).map((d) => `    ${inertText(d)}`),
      ]),
    );
  const failed = reading.records.filter((r) => checkVerdict(r) === "failed");
  if (failed.length > 0)
    lines.push("Could not be compared:", ...failed.map((r) => `  ${couldNotCompare(r)}`));
  return lines;
}

function couldNotCompare(record: FleetTargetRecord): string {
  return `${inertText(record.target)} could not be compared: ${record.error?.code} ${inertText(firstLine(record.error?.message ?? ""))}`;
}
