// The assertions every scenario test file makes, whatever the database. Test-only.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type KitDifference, runScenario, type Scenario, type ScenarioBackend } from "./run-scenario.js";

/**
 * A describe block on a fresh backend with one test per scenario (each step: no diff against the models, none against drizzle-kit's
 * catalog beyond the deliberate differences; each downgrade: no diff against the step before,
 * rows intact), and one that every deliberate difference was met, so none goes stale.
 *
 * @example
 * ```ts
 * defineScenarioTests("scenarios on PostgreSQL 15", () => postgresScenarioBackend("scen"), PG_SCENARIOS, PG_KIT_DIFFERENCES);
 * ```
 */
export function defineScenarioTests(
  title: string,
  makeBackend: () => Promise<ScenarioBackend & { dispose(): Promise<void> }>,
  scenarios: readonly Scenario[],
  differences: readonly KitDifference[],
): void {
  describe(title, () => {
    let backend: ScenarioBackend & { dispose(): Promise<void> };
    beforeAll(async () => {
      backend = await makeBackend();
    });
    afterAll(async () => {
      await backend?.dispose();
    });
    defineTests(() => backend, scenarios, differences);
  });
}

function defineTests(
  backend: () => ScenarioBackend,
  scenarios: readonly Scenario[],
  differences: readonly KitDifference[],
): void {
  const met = new Set<KitDifference>();
  test.each(scenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const { steps, downgrades } = await runScenario(backend(), scenario, differences);
    for (const s of steps) {
      expect(s.afterUpgrade, `${s.title}: models vs live\n${s.revision}`).toEqual([]);
      expect(s.unexplained, `${s.title}: drizzle-kit's catalog vs ours`).toEqual([]);
      for (const line of s.explained) for (const d of differences) if (d.pattern.test(line)) met.add(d);
    }
    expect(downgrades).toHaveLength(scenario.steps.length);
    for (const d of downgrades) {
      expect(d.afterDowngrade, `downgrade of ${d.title}: schema`).toEqual([]);
      expect(d.rows, `downgrade of ${d.title}: rows`).toEqual(d.expectedRows);
    }
  });
  test("every deliberate difference from drizzle-kit is still met", () => {
    expect(differences.filter((d) => !met.has(d)).map((d) => d.reason)).toEqual([]);
  });
}
