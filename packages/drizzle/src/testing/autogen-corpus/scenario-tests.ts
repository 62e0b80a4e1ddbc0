// The assertions every scenario test file makes, whatever the database. Test-only.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type KitDifference, runScenario, type Scenario, type ScenarioBackend } from "./run-scenario.js";
import type { StepMode } from "./step-revisions.js";

/** What a scenario test file runs. */
export interface ScenarioSuite {
  readonly title: string;
  readonly makeBackend: () => Promise<ScenarioBackend & { dispose(): Promise<void> }>;
  readonly scenarios: readonly Scenario[];
  readonly differences: readonly KitDifference[];
  /** Each scenario runs once per mode: staged (autogenerate's default) and/or `--no-stage`. */
  readonly modes: readonly StepMode[];
}

/**
 * A describe block on a fresh backend with one test per scenario and mode (each step: no diff
 * against the models, none against drizzle-kit's catalog beyond the deliberate differences;
 * each downgrade: no diff against the step before, rows intact), and one that every
 * deliberate difference was met, so none goes stale.
 *
 * @example
 * ```ts
 * defineScenarioTests({ title: "scenarios on PostgreSQL 15", makeBackend: () => postgresScenarioBackend("scen"),
 *   scenarios: PG_SCENARIOS, differences: PG_KIT_DIFFERENCES, modes: ["staged", "no-stage"] });
 * ```
 */
export function defineScenarioTests(suite: ScenarioSuite): void {
  describe(suite.title, () => {
    let backend: ScenarioBackend & { dispose(): Promise<void> };
    beforeAll(async () => {
      backend = await suite.makeBackend();
    });
    afterAll(async () => {
      await backend?.dispose();
    });
    defineTests(() => backend, suite);
  });
}

function defineTests(backend: () => ScenarioBackend, suite: ScenarioSuite): void {
  const { differences } = suite;
  const met = new Set<KitDifference>();
  const cases = suite.modes.flatMap((mode) =>
    suite.scenarios.map((s) => [`${s.name} (${mode})`, s, mode] as const),
  );
  test.each(cases)("%s", async (_name, scenario, mode) => {
    const { steps, downgrades } = await runScenario(backend(), scenario, differences, mode);
    for (const s of steps) {
      expect(s.afterUpgrade, `${s.title}: models vs live\n${s.revision}`).toEqual([]);
      expect(s.unexplained, `${s.title}: drizzle-kit's catalog vs ours`).toEqual([]);
      for (const line of s.explained)
        for (const d of differences)
          if ((d.modes === undefined || d.modes.includes(mode)) && d.pattern.test(line)) met.add(d);
    }
    // A column rename or drop is a staged recipe: such a step writes more than one revision.
    const columnLevel = (hint: string) => !/^(table|enum|enum-value):/.test(hint) && hint.includes(".");
    const staged = (s: Scenario["steps"][number]) =>
      (s.renames ?? []).some(columnLevel) || (s.loses ?? []).some(columnLevel);
    if (mode === "staged" && scenario.steps.some(staged))
      expect(steps.reduce((n, s) => n + s.revisions, 0)).toBeGreaterThan(steps.length);
    expect(downgrades).toHaveLength(scenario.steps.length);
    for (const d of downgrades) {
      expect(d.afterDowngrade, `downgrade of ${d.title}: schema`).toEqual([]);
      expect(d.rows, `downgrade of ${d.title}: rows`).toEqual(d.expectedRows);
    }
  });
  test("every deliberate difference from drizzle-kit is still met", () => {
    const running = differences.filter(
      (d) => d.modes === undefined || d.modes.some((m) => suite.modes.includes(m)),
    );
    expect(running.filter((d) => !met.has(d)).map((d) => d.reason)).toEqual([]);
  });
}
