import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";
import { damageProject, fill, loadCorpus, writeCaseProject } from "./corpus-case.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// Every case of corpus/*.json runs in-process against its own project folder and this file's
// PostgreSQL database (reset before each case). Besides the coded error and the exit code, the
// database must be unchanged: same introspected schema, same version table, same `ok` history.
// A refused run may append a `failed` history row (the audit trail of attempts), nothing else.
const corpus = loadCorpus();
let db: ScratchDatabase;

beforeAll(async () => {
  db = await scratchDatabase("postgresql", "corpus");
}, 60_000);
afterAll(() => db?.dispose());

it("the corpus holds at least 60 cases with unique names", () => {
  expect(corpus.length).toBeGreaterThanOrEqual(60);
  const names = corpus.map((c) => c.entry.name);
  expect(new Set(names).size).toBe(names.length);
});

describe.each([...new Set(corpus.map((c) => c.file))])("%s", (file) => {
  it.each(corpus.filter((c) => c.file === file).map((c) => [c.entry.name, c.entry] as const))(
    "%s",
    async (_name, entry) => {
      await db.reset();
      const dir = tempDir("athanor-corpus-");
      writeCaseProject(dir, entry, db.url);
      const env = { DATABASE_URL: fill(entry.databaseUrl ?? "{{url}}", db.url) };
      for (const argv of entry.setup ?? []) {
        const run = await runCli(dir, argv, { env });
        expect(run.code, `setup ${argv.join(" ")}: ${run.stderr}${run.stdout}`).toBe(0);
      }
      damageProject(dir, entry, db.url);
      for (const sql of entry.afterSetup?.sql ?? []) await db.query(sql);

      const before = await snapshot();
      const run = await runCli(
        dir,
        entry.argv.map((a) => fill(a, db.url)),
        { env },
      );
      const output = `${run.stdout}${run.stderr}`;
      const { cause, ...expected } = entry.expect;
      expect({ exit: run.code, code: errorCode(run.stdout) }, `${entry.about}\n${output}`).toEqual(expected);
      // a wrapped failure keeps the precise code of what went wrong inside it
      if (cause !== undefined) expect(run.stdout).toContain(`"code": "${cause}"`);
      const after = await snapshot();
      expect(after.catalogue, "the database changed").toBe(before.catalogue);
      expect(after.attempts.slice(0, before.attempts.length)).toEqual(before.attempts);
      expect(
        after.attempts.slice(before.attempts.length).every((s) => s === "failed"),
        output,
      ).toBe(true);
    },
  );
});

/** The catalogue a refused command must leave alone, and the statuses of every history row. */
async function snapshot(): Promise<{ catalogue: string; attempts: string[] }> {
  const history = (await db.historyRows()) ?? [];
  const catalogue = JSON.stringify({
    model: JSON.parse(await db.model()),
    // creating the empty bookkeeping tables is not a change of state
    version: (await db.versionRows()) ?? [],
    applied: history.filter((h) => h.status !== "failed"),
  });
  return { catalogue, attempts: history.map((h) => h.status) };
}

/** `error.code` of a `--json` run's stdout; `undefined` when stdout is not such a document. */
function errorCode(stdout: string): string | undefined {
  try {
    return (JSON.parse(stdout) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
