import { current, downgrade, type RunResult, upgrade } from "@athanor/core";
import type { Snapshot } from "../app/user-service.js";
import { type DatabaseChoice, describeChoice } from "../database/database-choice.js";
import { type AppDatabase, openAppDatabase } from "../database/open-app-database.js";
import { BASE_REVISION, LAST_MIGRATE_REVISION, REVISIONS } from "../revisions.js";
import { Ledger } from "../traffic/ledger.js";
import { RolloutStats } from "../traffic/phase-stats.js";
import { Traffic } from "../traffic/traffic.js";
import { AthanorViews } from "./athanor-views.js";
import { printSummary, type RolloutReport } from "./rollout-report.js";
import { type Print, style, Timeline } from "./timeline.js";

/** Options of {@link runRollout}. */
export interface RolloutOptions {
  readonly database: DatabaseChoice;
  /** Concurrent clients of the service. Default 8. */
  readonly clients?: number | undefined;
  /** Users (each with one order) in the base schema before traffic starts. Default 2000. */
  readonly seedUsers?: number | undefined;
  /** How long each steady phase serves traffic before the next step. Default 1500 ms. */
  readonly settleMs?: number | undefined;
  /** Pause between one client's requests. Default 5 ms. */
  readonly thinkMs?: number | undefined;
  /** Run the athanor CLI to show `history` and `current` along the way. Default true. */
  readonly showAthanor?: boolean | undefined;
  readonly print?: Print | undefined;
}

/**
 * The scripted expand → migrate → contract rollout and its reverse, with v1 and v2 code serving
 * live traffic throughout; prints a timeline and a final table.
 *
 * @example
 * ```ts
 * const report = await runRollout({ database: { kind: "pglite", dataDir: "memory://" } });
 * process.exitCode = report.ok ? 0 : 1;
 * ```
 */
export async function runRollout(options: RolloutOptions): Promise<RolloutReport> {
  const print = options.print ?? ((line: string) => console.log(line));
  const clients = options.clients ?? 8;
  const settleMs = options.settleMs ?? 1500;
  const stats = new RolloutStats();
  print(
    style.bold(
      `athanor example: an expand → migrate → contract rollout on ${describeChoice(options.database)}`,
    ),
  );
  print(`${clients} concurrent clients send reads and writes the whole time; every answer is checked.`);
  if (options.database.kind === "pglite") {
    print(style.dim("starting the embedded database (a few seconds the first time)…"));
  }
  const db = await openAppDatabase(options.database, { poolSize: clients, fresh: true });
  // the clock starts once the database is open: what follows is the rollout itself
  const timeline = new Timeline(print);
  const views = new AthanorViews(options.database, db.dialect, timeline);
  const show = async (view: "history" | "current") => {
    if (options.showAthanor !== false) await views[view]();
  };
  const runner = { dialect: db.dialect, revisions: REVISIONS, onProgress: timeline.onRunnerEvent };
  const lost: string[] = [];
  let traffic: Traffic | undefined;
  let ledger = new Ledger();
  try {
    timeline.step(
      "base schema + seed data",
      "Start where production is today: the schema v1 was written for.",
    );
    if ((await current(runner)).heads.length > 0) {
      timeline.note("a previous run left revisions applied: start from an empty schema");
      timeline.command("athanor downgrade base");
      await migrated(await downgrade(runner, "base"));
    }
    timeline.command(`athanor upgrade ${BASE_REVISION}`);
    await migrated(await upgrade(runner, BASE_REVISION));
    await seed(db, options.seedUsers ?? 2000);
    ledger = Ledger.fromSnapshot(await db.v1.snapshot());
    timeline.note(`seeded ${ledger.users.size} users with ${ledger.orders} orders`);
    const live = new Traffic({ v1: db.v1, v2: db.v2 }, ledger, stats, {
      clients,
      thinkMs: options.thinkMs ?? 5,
    });
    traffic = live;
    /**
     * Opens a phase of the table: `routing` serves while `work` runs, then for `settleMs` more.
     * `work` starts once the versions the routing retired have finished their last requests.
     */
    const phase = async (name: string, routing: Traffic["routing"], work?: () => Promise<unknown>) => {
      live.routing = routing;
      stats.begin(name, routing);
      live.start();
      await live.drained();
      await work?.();
      await sleep(settleMs);
    };
    await phase("base schema", "v1", () => show("history"));

    timeline.step(
      "expand + migrate while v1 serves",
      "New columns and a sync trigger (v1 does not notice), then the batched backfill. Contract waits.",
    );
    await phase("upgrade --phase expand", "v1", async () => {
      timeline.command("athanor upgrade --phase expand");
      // The runner's `phase` names the last phase to run: expand and migrate work, no contract.
      const expanded = await migrated(await upgrade(runner, "heads", { phase: "migrate" }));
      timeline.note(`held back until the old code is gone: ${(expanded.heldBack ?? []).join(", ")}`);
      await show("current");
    });

    timeline.step(
      "deploy v2 next to v1",
      "A rolling deploy: both versions serve; the trigger keeps name and display_name in step.",
    );
    await phase("side by side", "v1 + v2");
    timeline.step("retire v1", "All traffic on v2, which reads and writes display_name and timezone.");
    await phase("v1 retired", "v2");

    timeline.step(
      "contract while v2 serves",
      "NOT NULL the safe way, then drop the sync trigger and users.name.",
    );
    await phase("upgrade (contract)", "v2", async () => {
      timeline.command("athanor upgrade");
      await migrated(await upgrade(runner, "heads"));
      await show("current");
    });
    await checkpoint(() => db.v2.snapshot(), "v2", "after contract");

    timeline.step(
      "roll back: downgrade out of contract",
      "users.name comes back, filled from display_name, with its sync trigger.",
    );
    await phase("downgrade out of contract", "v2", async () => {
      timeline.command(`athanor downgrade ${LAST_MIGRATE_REVISION}`);
      await migrated(await downgrade(runner, LAST_MIGRATE_REVISION));
    });
    timeline.step(
      "redeploy v1 next to v2, then retire v2",
      "The expanded schema serves both versions again.",
    );
    await phase("rollback deploy", "v1 + v2");
    await phase("v2 retired", "v1");

    timeline.step(
      "downgrade expand back to the base schema",
      "Only v1 serves, so the new columns and the trigger can go.",
    );
    await phase("downgrade to base schema", "v1", async () => {
      timeline.command(`athanor downgrade ${BASE_REVISION}`);
      await migrated(await downgrade(runner, BASE_REVISION));
      await show("current");
      await show("history");
    });
    await checkpoint(() => db.v1.snapshot(), "v1", "after the way back");
    stats.end();
    return finish(undefined);
  } catch (error) {
    await traffic?.stop();
    stats.end();
    return finish((error as Error)?.message ?? String(error));
  } finally {
    await db.close();
  }

  /** Pauses traffic and compares the whole database with the ledger (the next phase restarts it). */
  async function checkpoint(
    read: () => Promise<Snapshot>,
    version: "v1" | "v2",
    when: string,
  ): Promise<void> {
    await traffic?.stop();
    stats.end();
    const problems = ledger.compare(await read(), version);
    lost.push(...problems.map((p) => `${when}: ${p}`));
    timeline.note(
      problems.length === 0
        ? style.green(
            `data check ${when}: ${ledger.users.size} users and ${ledger.orders} orders, every value as written`,
          )
        : style.red(`data check ${when}: ${problems.length} differences, e.g. ${problems[0]}`),
    );
  }

  function finish(migrationError: string | undefined): RolloutReport {
    const report: RolloutReport = {
      ok: migrationError === undefined && stats.failed === 0 && stats.wrong === 0 && lost.length === 0,
      phases: stats.phases,
      requests: stats.requests,
      failed: stats.failed,
      wrong: stats.wrong,
      errors: stats.errors,
      lost,
      migrationError,
      users: ledger.users.size,
      orders: ledger.orders,
    };
    printSummary(print, stats, report);
    return report;
  }
}

/** Throws the run's error, so the rollout stops at a failed migration. */
async function migrated(run: RunResult): Promise<RunResult> {
  if (run.error !== undefined) throw new Error(`migration failed: ${run.error.message}`);
  return run;
}

async function seed(db: AppDatabase, users: number): Promise<void> {
  for (let start = 0; start < users; start += 500) {
    const batch = Array.from({ length: Math.min(500, users - start) }, (_, i) => ({
      email: `seed-${start + i}@example.com`,
      displayName: `Seed User ${start + i}`,
    }));
    await db.v1.seed(batch);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
