import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, type MigrationTestConfig } from "@athanor/testing";
import { expect } from "vitest";
import { runEveryCheck } from "./every-check.js";

/** packages/testing/README.md, the page the getting-started guide's step 7 sends a new user to. */
const README = readFileSync(new URL("../../../testing/README.md", import.meta.url), "utf8");

/** The queries of the README's `describeMigrations` example's smoke function, in order. */
export function readmeSmokeQueries(): string[] {
  const example = /```ts\n(import \{ describeMigrations \}[\s\S]*?)```/.exec(README)?.[1] ?? "";
  return [...example.matchAll(/connection\.query\("([^"]*)"\)/g)].map((m) => m[1] ?? "");
}

/**
 * Every call in the README's examples that names a folder of revisions also passes an importer:
 * the guide's revision files are TypeScript, which only vitest's `import` loads.
 */
export function expectReadmeFoldersImported(): void {
  const calls = README.split("\n").filter((line) => /revisions: "\.\//.test(line));
  expect(calls.length, "README lines naming a revisions folder").toBeGreaterThan(0);
  const example = /```ts\n(import \{ describeMigrations \}[\s\S]*?)```/.exec(README)?.[1] ?? "";
  for (const line of calls)
    if (!example.includes(line)) expect(line, "a README example without an importer").toContain("importer");
}

/**
 * Runs the README's example — every check `describeMigrations` registers, with its smoke — on a
 * project the getting-started walk left (its revisions and `src/db/schema.ts`), on the README's
 * default database (PGlite in memory): a new user who follows both pages gets a green run.
 */
export async function runTestingReadmeExample(project: string): Promise<void> {
  const queries = readmeSmokeQueries();
  expect(queries.length, "the README's example smoke queries").toBeGreaterThan(0);
  const importer = (path: string) => import(path);
  const config: MigrationTestConfig = {
    revisions: join(project, "migrations/versions"),
    importer,
    desired: { drizzleSchema: join(project, "src/db/schema.ts"), importer },
    smoke: async ({ connection }) => {
      for (const query of queries) await connection.query(query);
    },
  };
  const db = await createTestDatabase();
  try {
    for (const result of await runEveryCheck(db, config))
      expect(result.ok ? "ok" : result.failure.message, `README example, ${result.check}`).toBe("ok");
  } finally {
    await db.dispose();
  }
}
