import { ciSample } from "@athanor/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseLanes, laneWaitBackstop } from "../testing/case-lanes.js";
import { runCli, tempDir } from "../testing/harness.js";
import {
  type CorpusCase,
  DEFAULT_CONFIG,
  damageProject,
  fill,
  loadCorpus,
  writeCaseProject,
} from "./corpus-case.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// ATHANOR_INTERNAL is never the answer to an environment problem. bad-input-corpus.test.ts checks
// each case's own command and code on PostgreSQL; this sweep takes every bad input of the corpus
// through the commands people run to find out what is wrong — `status`, `history -v`,
// `upgrade --sql` — in text and JSON, on PostgreSQL, MariaDB and PGlite, and fails on any
// internal error, raw stack or exit code other than 0, 1 or 2. A case written for PostgreSQL
// runs on MariaDB with its config's dialect switched (cases that name a URL or dialect of their
// own keep it). CI sweeps a seeded slice on each target that rotates from run to run (seed in
// the describe name): half of the cases on PostgreSQL (every case until 2026-12-07; each case's
// own command and code still runs on PostgreSQL every run in bad-input-corpus.test.ts), a third
// on MariaDB, one in 24 on PGlite (it opens the database anew on each of a case's ~8 CLI calls:
// ~2 s of CPU a case). All of them with ATHANOR_RELIABILITY_FULL=1 or
// ATHANOR_RELIABILITY_SWEEP_ALL=1; ATHANOR_RELIABILITY_SEED replays a slice.
const corpus = loadCorpus();
const SWEEP = [["status"], ["history", "-v"], ["upgrade", "--sql"]] as const;
type Target = "postgresql" | "mysql" | "pglite";
const ALL = process.env.ATHANOR_RELIABILITY_SWEEP_ALL === "1";
/** One case in this many is swept in CI. */
const EVERY: Readonly<Record<Target, number>> = ALL
  ? { postgresql: 1, mysql: 1, pglite: 1 }
  : { postgresql: 2, mysql: 3, pglite: 24 };

// On a server, three cases at a time (a case mostly waits on the server): case i runs on lane
// i % 3, each lane a database of its own, one case after another. PGlite runs in this process and
// keeps a core busy: one at a time.
const LANES: Readonly<Record<Target, number>> = { postgresql: 3, mysql: 3, pglite: 1 };
/** A case's own work, from when its lane takes it up (the wait for the lane is not counted). */
const CASE_TIMEOUT_MS = 120_000;

for (const target of ["postgresql", "mysql", "pglite"] as const) {
  const { cases, note } = ciSample(corpus, EVERY[target]);
  describe(`${target} ${note}`, () => {
    let dbs: (ScratchDatabase | undefined)[] = [undefined];
    const lanes = caseLanes(() => dbs, CASE_TIMEOUT_MS);
    beforeAll(async () => {
      if (target !== "pglite")
        dbs = await Promise.all(
          Array.from({ length: LANES[target] }, () => scratchDatabase(target, "sweep")),
        );
    }, 60_000);
    afterAll(async () => {
      await Promise.all(dbs.map((db) => db?.dispose()));
    });

    (LANES[target] > 1 ? it.concurrent : it).each(
      cases.map((c, i) => [`${c.file}: ${c.entry.name}`, c.entry, i] as const),
    )(
      "%s",
      (name, original, i) =>
        lanes.run(i, name, async (db) => {
          await db?.reset();
          const url = db?.url ?? "";
          const entry = onTarget(original, target);
          const dir = tempDir("athanor-sweep-");
          writeCaseProject(dir, entry, url);
          const env: Record<string, string> =
            target === "pglite" && entry.databaseUrl === undefined
              ? {}
              : { DATABASE_URL: fill(entry.databaseUrl ?? "{{url}}", url) };
          for (const argv of entry.setup ?? []) await runCli(dir, argv, { env });
          damageProject(dir, entry, url);
          for (const sql of entry.afterSetup?.sql ?? []) await damage(dir, db, sql);
          for (const argv of [
            entry.argv.map((a) => fill(a, url)),
            ...SWEEP,
            ...SWEEP.map((a) => [...a, "--json"]),
          ]) {
            const run = await runCli(dir, argv, { env });
            const output = `${run.stdout}${run.stderr}`;
            expect([0, 1, 2], `${argv.join(" ")}: exit ${run.code}\n${output}`).toContain(run.code);
            expect(output, `${argv.join(" ")}\n${output}`).not.toContain("ATHANOR_INTERNAL");
            expect(output, argv.join(" ")).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
          }
        }),
      laneWaitBackstop(CASE_TIMEOUT_MS),
    );
  });
}

/** The case as it reads on `target`: MariaDB gets a MySQL config unless the case chose its own. */
function onTarget(entry: CorpusCase, target: Target): CorpusCase {
  if (target !== "mysql") return entry;
  const config = entry.config === undefined ? DEFAULT_CONFIG : entry.config;
  return { ...entry, config: config?.replace('dialect: "postgresql"', 'dialect: "mysql"') ?? null };
}

/** Damage done by hand after the setup: on the server, or inside the project's PGlite. */
async function damage(dir: string, db: ScratchDatabase | undefined, sql: string): Promise<void> {
  if (db !== undefined) {
    await db.query(sql);
    return;
  }
  const { join } = await import("node:path");
  const { pgliteDialect } = await import("@athanor/postgres");
  const conn = await pgliteDialect({ dataDir: join(dir, ".athanor", "pglite") }).connect();
  try {
    await conn.query(sql);
  } finally {
    await conn.close();
  }
}
