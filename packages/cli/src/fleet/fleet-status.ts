import {
  currentFleet,
  type FleetReading,
  type FleetResult,
  type FleetTargetRecord,
  type LastFailure,
  type RevisionGraph,
} from "@athanor/core";
import { inertText } from "@athanor/core/text";
import type { Context } from "../context.js";
import { EXIT, printJson, printLines } from "../output.js";
import { checkFleetTargets } from "./fleet-check.js";
import { checkVerdict, driftOf as differencesOf } from "./fleet-check-command.js";
import { withFleet } from "./fleet-command.js";
import { type FleetCommandOptions, fleetRunOptions } from "./fleet-options.js";
import { fleetAddress } from "./fleet-phrasing.js";
import { firstLine, headsText } from "./report-fleet.js";

/** How many targets stand at one set of heads. */
interface HeadsCount {
  readonly heads: readonly string[];
  readonly phase: string;
  readonly atHead: boolean;
  readonly count: number;
}

/** The fleet as `status --fleet` shows it (and prints with `--json`). */
export interface FleetStatus {
  readonly fleet: string;
  readonly targets: number;
  readonly heads: readonly string[];
  readonly revisions: readonly HeadsCount[];
  /** Targets that could not be read, with the error. */
  readonly unreadable: readonly {
    readonly target: string;
    readonly code: string;
    readonly message: string;
  }[];
  /**
   * Targets a run left part-way; `expandOnly` when a revision is of the expand or migrate phase,
   * so its resume stops before contract revisions, as the runner's own advice does.
   */
  readonly partial: readonly {
    readonly target: string;
    readonly revisions: readonly string[];
    readonly expandOnly: boolean;
  }[];
  readonly unknownHeads: readonly { readonly target: string; readonly heads: readonly string[] }[];
  readonly locks: readonly { readonly target: string; readonly holder: unknown }[];
  /** Each target's last failed fleet run still standing (kept in the target; gone once it succeeds). */
  readonly failures: readonly ({ readonly target: string } & LastFailure)[];
  /** With `--drift`: the targets that differ from the models, and those that could not be compared. */
  readonly drift?: FleetDrift | undefined;
}

/** `status --fleet --drift`: how the fleet compares with the models. */
export interface FleetDrift {
  readonly checked: number;
  readonly differ: readonly { readonly target: string; readonly differences: readonly string[] }[];
  readonly failed: readonly { readonly target: string; readonly code: string; readonly message: string }[];
}

/**
 * `status --fleet`: one screen for a fleet — how many targets stand at each revision (and its
 * phase), the targets that could not be read with their errors, unfinished runs, heads no file
 * declares, and who holds a target's lock right now. Exit 1 when a target is unreadable, partial
 * or at an unknown revision; 0 otherwise (targets behind are pending work, not a problem).
 */
export async function fleetStatusCommand(
  ctx: Context,
  configPath: string | undefined,
  options: FleetCommandOptions & { readonly drift?: boolean | undefined },
): Promise<number> {
  const { concurrency } = fleetRunOptions(options);
  return withFleet(ctx, configPath, options, async (run, opened) => {
    const result = await currentFleet({ context: run.migration, targets: opened.targets, concurrency });
    const drift =
      options.drift === true
        ? driftOf(await checkFleetTargets(ctx, run, opened, { flags: {}, concurrency }))
        : undefined;
    const status = {
      ...fleetStatus(opened.fleet.name, run.graph, result),
      ...(drift === undefined ? {} : { drift }),
    };
    if (ctx.json) printJson(ctx, { ...status, records: result.records });
    else printLines(ctx, fleetStatusLines(status, run.description));
    const problems =
      status.unreadable.length +
      status.partial.length +
      status.unknownHeads.length +
      status.failures.length +
      (drift === undefined ? 0 : drift.differ.length + drift.failed.length);
    return problems > 0 ? EXIT.failure : EXIT.ok;
  });
}

/** The verdicts of a fleet check, as the status screen counts them. */
function driftOf(reading: FleetReading<unknown>): FleetDrift {
  return {
    checked: reading.records.length,
    differ: reading.records
      .filter((r) => checkVerdict(r) === "drift")
      .map((r) => ({ target: r.target, differences: differencesOf(r) })),
    failed: reading.records
      .filter((r) => checkVerdict(r) === "failed")
      .map((r) => ({ target: r.target, code: r.error?.code ?? "", message: r.error?.message ?? "" })),
  };
}

/** Groups a fleet's read records into the status screen's counts and lists. Pure. */
export function fleetStatus(name: string, graph: RevisionGraph, result: FleetResult): FleetStatus {
  const heads = [...graph.heads()].sort();
  const read = result.records.filter((r) => r.status !== "failed" && r.status !== "skipped");
  const groups = new Map<string, FleetTargetRecord[]>();
  for (const record of read) {
    const key = [...record.after].sort().join(",");
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const revisions = [...groups.entries()]
    .map(([key, records]) => {
      const at = key === "" ? [] : key.split(",");
      const phases = [...new Set(at.map((id) => graph.get(id)?.phase ?? "—"))];
      return {
        heads: at,
        phase: phases.join("/") || "—",
        atHead: at.join(",") === heads.join(","),
        count: records.length,
      };
    })
    .sort((a, b) => b.count - a.count || a.heads.join().localeCompare(b.heads.join()));
  return {
    fleet: name,
    targets: result.records.length,
    heads,
    revisions,
    unreadable: result.records
      .filter((r) => r.error !== undefined)
      .map((r) => ({ target: r.target, code: r.error?.code ?? "", message: r.error?.message ?? "" })),
    partial: read
      .filter((r) => (r.state?.partial.length ?? 0) > 0)
      .map((r) => {
        const revisions = r.state?.partial ?? [];
        const phases = revisions.map((id) => graph.get(id)?.phase);
        return {
          target: r.target,
          revisions,
          expandOnly: phases.some((phase) => phase === "expand" || phase === "migrate"),
        };
      }),
    unknownHeads: read
      .filter((r) => (r.state?.unknownHeads.length ?? 0) > 0)
      .map((r) => ({ target: r.target, heads: r.state?.unknownHeads ?? [] })),
    locks: read
      .filter((r) => r.state?.lock.state === "held")
      .map((r) => ({ target: r.target, holder: r.state?.lock.holder })),
    failures: read.flatMap((r) =>
      r.state?.lastFailure === undefined ? [] : [{ target: r.target, ...r.state.lastFailure }],
    ),
  };
}

/** The status screen as text; every name from the database or config made inert. */
export function fleetStatusLines(status: FleetStatus, database: string): string[] {
  const at = (heads: readonly string[]) => headsText(heads);
  const behind = status.revisions.filter((r) => !r.atHead).reduce((n, r) => n + r.count, 0);
  const lines = [
    `Fleet ${inertText(status.fleet)}: ${status.targets} targets (config database: ${database}); head ${at(status.heads)}.`,
    behind === 0 && status.unreadable.length === 0
      ? "Every target is at the head."
      : `${behind} target(s) behind the head${status.unreadable.length > 0 ? `, ${status.unreadable.length} unreadable` : ""}: ${
          // a plain upgrade refuses a target stopped part-way: it is resumed (or undone) first
          status.partial.length > 0
            ? `resume the ${status.partial.length} stopped part-way first (below), then run`
            : "run"
        } \`athanor upgrade${fleetAddress(status.fleet, undefined)}\`.`,
    "By revision:",
    ...status.revisions.map(
      (r) => `  ${String(r.count).padStart(6)}  at ${at(r.heads)} (${r.phase})${r.atHead ? " — head" : ""}`,
    ),
  ];
  const list = (title: string, rows: readonly string[]) =>
    rows.length === 0 ? [] : [title, ...rows.map((row) => `  ${row}`)];
  lines.push(
    ...list(
      "Unreadable:",
      status.unreadable.map(
        (u) => `${inertText(u.target)}: ${u.code} ${inertText(u.message.split("\n")[0] ?? "")}`,
      ),
    ),
    ...list(
      "Stopped part-way (resume each with the command shown):",
      status.partial.map(
        (p) =>
          `${inertText(p.target)}: ${p.revisions.map((r) => inertText(r)).join(", ")} — \`athanor upgrade${fleetAddress(status.fleet, p.target)}${p.expandOnly ? " --phase expand" : ""} --resume\``,
      ),
    ),
    ...list(
      "Heads no revision file declares:",
      status.unknownHeads.map(
        (u) => `${inertText(u.target)}: ${u.heads.map((h) => inertText(h)).join(", ")}`,
      ),
    ),
    ...list(
      "Lock held now:",
      status.locks.map((l) => {
        const h = l.holder as { pid?: number; applicationName?: string | null; user?: string | null } | null;
        return `${inertText(l.target)}: pid ${h?.pid ?? "?"}${h?.applicationName ? ` (${inertText(h.applicationName)})` : ""}${h?.user ? ` user ${inertText(h.user)}` : ""}`;
      }),
    ),
    ...list(
      "Last failed run (until the target's next successful run):",
      status.failures.map(
        (f) =>
          `${inertText(f.target)}: ${f.revision === null ? "" : `at ${inertText(f.revision)} `}${inertText(f.code)} ${inertText(firstLine(f.message))}${f.failedAt === null ? "" : ` (${inertText(f.failedAt)})`}`,
      ),
    ),
  );
  if (status.drift !== undefined) {
    const { checked, differ, failed } = status.drift;
    lines.push(
      `Drift against the models: ${differ.length} of ${checked} target(s) differ${failed.length > 0 ? `, ${failed.length} could not be compared` : ""}.`,
      ...differ.map((d) => `  ${inertText(d.target)}: ${d.differences.length} difference(s)`),
      ...failed.map(
        (f) => `  ${inertText(f.target)}: ${inertText(f.code)} ${inertText(firstLine(f.message))}`,
      ),
    );
  }
  return lines;
}
