import type { PhaseStats, RolloutStats } from "../traffic/phase-stats.js";
import { type Print, style } from "./timeline.js";

/**
 * What the rollout saw. `ok` is false when any request failed, any read disagreed with what was
 * written, any migration failed, or the data after either direction differs from the ledger.
 */
export interface RolloutReport {
  readonly ok: boolean;
  readonly phases: readonly PhaseStats[];
  readonly requests: number;
  readonly failed: number;
  readonly wrong: number;
  /** The first request errors and wrong answers. */
  readonly errors: readonly string[];
  /** Differences between the ledger and the database, after contract and after the way back. */
  readonly lost: readonly string[];
  /** A migration that did not complete, if any. */
  readonly migrationError?: string | undefined;
  readonly users: number;
  readonly orders: number;
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

/**
 * Prints the final table, the first problems, and the verdict line.
 *
 * @example
 * ```ts
 * printSummary(console.log, stats, report);
 * ```
 */
export function printSummary(print: Print, stats: RolloutStats, report: RolloutReport): void {
  print("");
  for (const line of phaseTable(stats)) print(line);
  print("");
  if (report.migrationError !== undefined) print(style.red(`✗ ${report.migrationError}`));
  for (const error of report.errors.slice(0, 10)) print(style.red(`✗ ${error}`));
  for (const problem of report.lost.slice(0, 10)) print(style.red(`✗ ${problem}`));
  print(
    report.ok
      ? style.green(
          `✓ ${report.requests} requests, 0 failed, 0 wrong answers; ${report.users} users and ${report.orders} orders intact after contract and after the way back.`,
        )
      : style.red(
          `✗ ${report.failed} failed requests, ${report.wrong} wrong answers, ${report.lost.length} data differences.`,
        ),
  );
}
