import { expect } from "vitest";
import type { RolloutReport } from "./rollout-report.js";

/**
 * The assertions every database's rollout test makes: no failed request, no wrong answer, no
 * lost data, and traffic from the right code in every phase (so a phase that silently served
 * nothing cannot pass).
 *
 * @example
 * ```ts
 * expectCleanRollout(await runRollout({ database, ...FAST }), 300);
 * ```
 */
export function expectCleanRollout(report: RolloutReport, seedUsers: number, lines: readonly string[]): void {
  const problems = [report.migrationError, ...report.errors, ...report.lost].filter((p) => p !== undefined);
  expect(problems, lines.join("\n")).toEqual([]);
  expect(report.failed).toBe(0);
  expect(report.wrong).toBe(0);
  expect(report.ok).toBe(true);
  expect(report.users).toBeGreaterThan(seedUsers);
  expect(report.phases.map((p) => p.name)).toEqual([
    "base schema",
    "upgrade --phase expand",
    "side by side",
    "v1 retired",
    "upgrade (contract)",
    "downgrade out of contract",
    "rollback deploy",
    "v2 retired",
    "downgrade to base schema",
  ]);
  for (const phase of report.phases) {
    expect(phase.requests, phase.name).toBeGreaterThan(0);
    if (phase.serving === "v1 + v2") {
      expect(phase.byVersion.v1, phase.name).toBeGreaterThan(0);
      expect(phase.byVersion.v2, phase.name).toBeGreaterThan(0);
    }
  }
  // once contract starts no v1 request may be in flight: v1 would read a column about to go
  const contract = report.phases.find((p) => p.name === "upgrade (contract)");
  expect(contract?.byVersion.v1).toBe(0);
}

/** Small, quick settings for tests: the same steps with less data and shorter phases. */
export const TEST_ROLLOUT = { clients: 6, seedUsers: 600, settleMs: 700, thinkMs: 3 } as const;
