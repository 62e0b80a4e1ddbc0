import type { FleetResult, FleetTargetRecord } from "@athanor/core";
import { inertText } from "@athanor/core/text";
import type { Context } from "../context.js";
import { formatDuration } from "../database/format-duration.js";
import { EXIT, printJson, printWarnings } from "../output.js";

/** Exit codes of the fleet commands (docs/fleet.md#exit-codes): scripts match on them. */
export const FLEET_EXIT = {
  /** Every target is where the command asked. */
  ok: EXIT.ok,
  /** Some targets failed; every target was tried. */
  failed: EXIT.failure,
  /** The fleet stopped launching (canary, --halt-after, --halt-rate): some targets were not tried. */
  halted: 3,
} as const;

/** What the command was, for the summary and the JSON document. */
export interface FleetRequest {
  readonly command: "upgrade" | "downgrade" | "stamp" | "current";
  readonly fleet: string;
  readonly target: string;
}

/**
 * One stderr line per finished target, `[ 12/500] tenant_12 changed f1 → f5 (3 revisions, 120 ms)`,
 * so a long fleet shows progress while stdout stays the report (or the JSON document); then the
 * target's run warnings, one line each naming the target (`warning: CODE: tenant_12: …`).
 */
export function fleetProgress(ctx: Context, total: number): (record: FleetTargetRecord) => void {
  let done = 0;
  const width = String(total).length;
  return (record) => {
    if (record.status === "skipped") return;
    done += 1;
    ctx.stderr.write(`[${String(done).padStart(width)}/${total}] ${describeRecord(record)}\n`);
    printWarnings(
      ctx,
      (record.warnings ?? []).map((w) => `${w.code}: ${record.target}: ${w.message}`),
    );
  };
}

/**
 * A target's heads as text: `<base>`, or each id inert (a version table's ids are the database's
 * text, so an id holding a line break cannot print a line of its own), joined by `separator`.
 */
export function headsText(heads: readonly string[], separator = ", "): string {
  return heads.length === 0 ? "<base>" : heads.map(inertText).join(separator);
}

/** A record as one inert line. */
export function describeRecord(record: FleetTargetRecord): string {
  const at = (heads: readonly string[]) => headsText(heads, ",");
  const name = inertText(record.target);
  const took = formatDuration(record.durationMs);
  if (record.status === "failed") {
    const where = record.error?.revision === undefined ? "" : ` at ${inertText(record.error.revision)}`;
    return `${name} failed${where}: ${record.error?.code} ${inertText(firstLine(record.error?.message ?? ""))} (now at ${at(record.after)})`;
  }
  if (record.status === "skipped") return `${name} skipped`;
  if (record.status === "unchanged") return `${name} unchanged at ${at(record.after)}`;
  const n = record.revisions.length;
  return `${name} ${at(record.before)} → ${at(record.after)} (${n} revision${n === 1 ? "" : "s"}, ${took})`;
}

/**
 * Prints the outcome — a summary with every failed target and its error, or the JSON document
 * `{ command, fleet, target, counts, halted, records }` — and returns the exit code.
 */
export function reportFleet(ctx: Context, result: FleetResult, request: FleetRequest): number {
  const code =
    result.halted !== undefined
      ? FLEET_EXIT.halted
      : result.counts.failed > 0
        ? FLEET_EXIT.failed
        : FLEET_EXIT.ok;
  if (ctx.json) {
    printJson(ctx, {
      ...request,
      counts: result.counts,
      halted: result.halted?.toJSON() ?? null,
      // a changing run's record always lists its warnings, as `upgrade --json` does for one database
      records:
        request.command === "upgrade" || request.command === "downgrade"
          ? result.records.map((r) => ({ ...r, warnings: r.warnings ?? [] }))
          : result.records,
    });
    return code;
  }
  const { changed, unchanged, failed, skipped } = result.counts;
  const lines = [
    `Fleet ${inertText(request.fleet)}: ${request.command} to ${inertText(request.target)} — ${changed} changed, ${unchanged} unchanged, ${failed} failed, ${skipped} skipped.`,
  ];
  const failures = result.records.filter((r) => r.status === "failed");
  if (failures.length > 0) lines.push("Failed:", ...failures.map((r) => `  ${describeRecord(r)}`));
  if (result.halted !== undefined) lines.push(`Halted: ${result.halted.message}`);
  ctx.stdout.write(`${lines.join("\n")}\n`);
  return code;
}

const LINE_LIMIT = 300;

/**
 * The first line of a message, about 300 characters (a screen line, not the whole story). The
 * cut never falls inside a `command` (half a command pasted is another command: the next step
 * at a story's end must stay whole) nor inside a surrogate pair.
 */
export function firstLine(text: string): string {
  const [first = ""] = text.split("\n");
  if (first.length <= LINE_LIMIT) return first;
  let cut = LINE_LIMIT;
  if ((first.slice(0, cut).split("`").length - 1) % 2 === 1) {
    const close = first.indexOf("`", cut);
    cut = close === -1 ? first.lastIndexOf("`", cut - 1) : close + 1;
  }
  if (/[\uD800-\uDBFF]/.test(first.charAt(cut - 1))) cut -= 1;
  return cut >= first.length ? first : `${first.slice(0, cut)}…`;
}
