import { afterAll, beforeAll, expect, it } from "vitest";
import { buildBin, startBin } from "./bin-process.js";
import { type ChainProject, chainProject } from "./chain-project.js";
import { type ScratchDatabase, type ServerDialect, scratchDatabase } from "./scratch-server.js";
import { TRIALS } from "./trial-counts.js";

const REVISIONS = 10;
const LOCK_TIMEOUT_S = 60;

/**
 * The start-up stampede: {@link TRIALS.processes} processes run `athanor upgrade head` at the same
 * moment against a database at base, {@link TRIALS.concurrencyRounds} times. Each round checks
 * that every revision was applied exactly once (history), that the version table holds the one
 * head, that every table exists, and that no process waited past the lock timeout.
 *
 * @example
 * ```ts
 * // concurrency-postgres.test.ts
 * concurrencySuite("postgresql");
 * ```
 */
export function concurrencySuite(dialect: ServerDialect): void {
  let db: ScratchDatabase;
  let project: ChainProject;
  const sleep = dialect === "postgresql" ? "SELECT pg_sleep(0.02)" : "DO SLEEP(0.02)";
  beforeAll(async () => {
    await buildBin();
    db = await scratchDatabase(dialect, "race");
    project = await chainProject(
      dialect,
      Array.from({ length: REVISIONS }, (_, i) => ({
        // slow enough that the other processes arrive while the first holds the lock
        up: [
          sleep,
          `CREATE TABLE t${i} (id int PRIMARY KEY, v varchar(20))`,
          `CREATE INDEX t${i}_v ON t${i} (v)`,
        ],
        down: [`DROP TABLE t${i}`],
      })),
    );
  }, 300_000);
  afterAll(() => db?.dispose());

  it(`${TRIALS.processes} processes × ${TRIALS.concurrencyRounds} rounds of \`upgrade head\` apply each revision exactly once`, async () => {
    let slowest = 0;
    for (let round = 0; round < TRIALS.concurrencyRounds; round++) {
      await db.reset();
      const runs = await Promise.all(
        Array.from(
          { length: TRIALS.processes },
          () =>
            startBin(
              project.dir,
              ["upgrade", "head", "--lock-timeout", String(LOCK_TIMEOUT_S)],
              { DATABASE_URL: db.url },
              (LOCK_TIMEOUT_S + 30) * 1000,
            ).exited,
        ),
      );
      for (const run of runs) {
        expect(run, `round ${round}: ${run.stderr}`).toMatchObject({ code: 0, signal: null });
        expect(run.ms, `round ${round}: a process ran past the lock timeout`).toBeLessThan(
          LOCK_TIMEOUT_S * 1000,
        );
        slowest = Math.max(slowest, run.ms);
      }
      const applied = runs.flatMap((r) => r.stdout.split("\n").filter((l) => l.startsWith("applied ")));
      expect(applied, `round ${round}`).toHaveLength(REVISIONS);

      const history = (await db.historyRows()) ?? [];
      expect(
        history.map((h) => `${h.revision} ${h.direction} ${h.status}`),
        `round ${round}`,
      ).toEqual(project.ids.map((id) => `${id} upgrade ok`));
      expect(await db.versionRows(), `round ${round}`).toEqual([project.head]);
      const tables = await db.query<{ n: number | string }>(
        dialect === "postgresql"
          ? "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't%'"
          : "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 't%'",
      );
      expect(Number(tables[0]?.n), `round ${round}`).toBe(REVISIONS);
    }
    console.log(
      `[reliability] ${dialect} concurrency: ${TRIALS.processes} processes × ${TRIALS.concurrencyRounds} rounds, ` +
        `every revision applied once; slowest process ${Math.round(slowest)} ms (lock timeout ${LOCK_TIMEOUT_S} s)`,
    );
  }, 3_600_000);
}
