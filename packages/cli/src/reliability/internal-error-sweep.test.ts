import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";
import { damageProject, fill, loadCorpus, writeCaseProject } from "./corpus-case.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// ATHANOR_INTERNAL is never the answer to an environment problem. bad-input-corpus.test.ts checks
// each case's own command and code; this sweep takes every bad input of the corpus through the
// commands people run to find out what is wrong — `status`, `history -v`, `upgrade --sql` — in
// text and JSON, and fails on any internal error, raw stack or exit code other than 0, 1 or 2.
const corpus = loadCorpus();
const SWEEP = [["status"], ["history", "-v"], ["upgrade", "--sql"]] as const;
let db: ScratchDatabase;

beforeAll(async () => {
  db = await scratchDatabase("postgresql", "sweep");
}, 60_000);
afterAll(() => db?.dispose());

it.each(corpus.map((c) => [`${c.file}: ${c.entry.name}`, c.entry] as const))(
  "%s",
  async (_name, entry) => {
    await db.reset();
    const dir = tempDir("athanor-sweep-");
    writeCaseProject(dir, entry, db.url);
    const env = { DATABASE_URL: fill(entry.databaseUrl ?? "{{url}}", db.url) };
    for (const argv of entry.setup ?? []) await runCli(dir, argv, { env });
    damageProject(dir, entry, db.url);
    for (const sql of entry.afterSetup?.sql ?? []) await db.query(sql);
    for (const argv of [
      entry.argv.map((a) => fill(a, db.url)),
      ...SWEEP,
      ...SWEEP.map((a) => [...a, "--json"]),
    ]) {
      const run = await runCli(dir, argv, { env });
      const output = `${run.stdout}${run.stderr}`;
      expect([0, 1, 2], `${argv.join(" ")}: exit ${run.code}\n${output}`).toContain(run.code);
      expect(output, `${argv.join(" ")}\n${output}`).not.toContain("ATHANOR_INTERNAL");
      expect(output, argv.join(" ")).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    }
  },
  60_000,
);
