import { formatBackfillEvent, type RunnerEvent } from "@athanor/core";
import type { PhaseStats, RolloutStats } from "../traffic/phase-stats.js";

/** Where the rollout's lines go (stdout for the demo, an array in tests). */
export type Print = (line: string) => void;

const color = process.stdout.isTTY && process.env.NO_COLOR === undefined;
const paint = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
/** Terminal styles, plain text when stdout is not a terminal or NO_COLOR is set. */
export const style = {
  bold: paint("1"),
  dim: paint("2"),
  green: paint("32"),
  red: paint("31"),
  cyan: paint("36"),
};

/**
 * Prints the rollout as a timeline: numbered steps with the elapsed time, the commands a user
 * would type, and the migration runner's progress (revisions and backfill batches).
 *
 * @example
 * ```ts
 * const timeline = new Timeline(console.log);
 * timeline.step("expand", "v1 keeps serving while new columns appear");
 * timeline.command("athanor upgrade --phase expand");
 * ```
 */
export class Timeline {
  readonly #started = performance.now();
  #steps = 0;

  constructor(readonly print: Print) {}

  /** Seconds since the rollout started, as `  12.3s`. */
  clock(): string {
    return `${((performance.now() - this.#started) / 1000).toFixed(1).padStart(6)}s`;
  }

  step(title: string, why: string): void {
    this.#steps++;
    this.print("");
    this.print(`${style.dim(this.clock())}  ${style.bold(`${this.#steps}. ${title}`)}`);
    this.print(`         ${style.dim(why)}`);
  }

  command(text: string): void {
    this.print(`         ${style.cyan(`$ ${text}`)}`);
  }

  note(text: string): void {
    this.print(`         ${text}`);
  }

  /** Turns the runner's progress events into timeline lines. */
  onRunnerEvent = (event: RunnerEvent): void => {
    switch (event.type) {
      case "step-start":
        this.note(
          `${style.dim(this.clock())} ${event.direction === "upgrade" ? "↑" : "↓"} ${event.revision}`,
        );
        return;
      case "step-end":
        this.note(
          `${style.dim(this.clock())}   ${event.result.status} in ${Math.round(event.result.durationMs)} ms${event.result.error ? `: ${event.result.error.message}` : ""}`,
        );
        return;
      case "backfill-start":
      case "backfill-progress":
      case "backfill-end":
        this.note(`${style.dim(this.clock())}   ${formatBackfillEvent(event)}`);
        return;
      default:
        return;
    }
  };
}

/**
 * The final table: one row per phase with what served, requests, failures, wrong answers and
 * the slowest request.
 *
 * @example
 * ```ts
 * for (const line of phaseTable(stats)) console.log(line);
 * ```
 */
export function phaseTable(stats: RolloutStats): string[] {
  const head = ["phase", "serving", "requests", "v1", "v2", "failed", "wrong", "slowest"];
  const row = (p: PhaseStats) => [
    p.name,
    p.serving,
    String(p.requests),
    String(p.byVersion.v1),
    String(p.byVersion.v2),
    String(p.failed),
    String(p.wrong),
    `${Math.round(p.maxLatencyMs)} ms`,
  ];
  const total = [
    "total",
    "",
    String(stats.requests),
    String(stats.phases.reduce((s, p) => s + p.byVersion.v1, 0)),
    String(stats.phases.reduce((s, p) => s + p.byVersion.v2, 0)),
    String(stats.failed),
    String(stats.wrong),
    `${Math.round(Math.max(0, ...stats.phases.map((p) => p.maxLatencyMs)))} ms`,
  ];
  const rows = [head, ...stats.phases.map(row), total];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join("  ");
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return [line(head), rule, ...stats.phases.map((p) => line(row(p))), rule, line(total)];
}
