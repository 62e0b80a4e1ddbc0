import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { isAthanorError } from "../errors.js";
import { plan } from "../plan/plan.js";
import { defineRevision } from "../revision/revision.js";
import { prepareRun } from "./prepare-run.js";
import { refusePlanPlaceholders } from "./refuse-placeholders.js";
import { useTestDatabase } from "./testing/fresh-database.js";
import { freshPglite } from "./testing/pglite-from-snapshot.js";

// The placeholder check reads a definition already in hand (in-memory revisions, a module
// imported before) without awaiting the revision set's import: at 1,000 revisions those settled
// awaits were most of the check's cost before the first step (docs/performance.md, twenty-sixth
// session). The check itself is unchanged: a placeholder in a definition in hand is still refused.

const t = useTestDatabase({ beforeAll, beforeEach }, freshPglite);

const STUB = "UPDATE t SET id = /* TODO(athanor): expression */ NULL";

async function preparedWithoutImports(upgrades: readonly string[]) {
  const revisions = upgrades.map((sql, i) =>
    defineRevision({
      id: `r${i}`,
      parents: i === 0 ? [] : [`r${i - 1}`],
      upgrade: new Function("op", `op.execute(${JSON.stringify(sql)});`) as () => void,
      downgrade: () => undefined,
    }),
  );
  const run = await prepareRun({ dialect: t.dialect, revisions });
  // an import asked for here would be a step the in-hand path was meant to skip
  const revisionSet = {
    ...run.revisions,
    definition: (id: string) => Promise.reject(new Error(`imported ${id} again`)),
  };
  const steps = plan(run.graph, { current: [], target: "heads", direction: "upgrade" }).steps;
  return { run: { ...run, revisions: revisionSet }, steps };
}

describe("the placeholder check on definitions in hand", () => {
  test("reads them without asking the revision set to import them", async () => {
    const { run, steps } = await preparedWithoutImports([
      "CREATE TABLE a (id int)",
      "CREATE TABLE b (id int)",
    ]);
    await expect(refusePlanPlaceholders(run, steps, "upgrade")).resolves.toBeUndefined();
  });

  test("still refuses a placeholder in one of them", async () => {
    const { run, steps } = await preparedWithoutImports(["CREATE TABLE a (id int)", STUB]);
    const error = await refusePlanPlaceholders(run, steps, "upgrade").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_TODO_PLACEHOLDER");
    expect(String((error as Error).message)).toContain("r1");
  });
});
