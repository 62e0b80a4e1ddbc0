import { AthanorError } from "../errors.js";
import { plan } from "../plan/plan.js";
import type { Phase } from "../revision/revision.js";
import { current } from "../runner/inspect.js";
import { readMigrationLock } from "../runner/lock-holder.js";
import { downgrade, type MigrateOptions, upgrade } from "../runner/migrate.js";
import { type PreparedRun, prepareRun } from "../runner/prepare-run.js";
import type { RunnerOptions } from "../runner/runner-options.js";
import { stamp } from "../runner/stamp.js";
import { outcomeOfRun } from "./fleet-record.js";
import type { FleetTarget } from "./fleet-target.js";
import { readLastFailure } from "./last-failure.js";
import { readHeadsInBulk } from "./read-heads-in-bulk.js";
import { checkFleetOptions, type FleetResult, type FleetRunOptions, runFleet } from "./run-fleet.js";

/**
 * What every target runs: the revisions (a folder or imported modules) and the runner's options
 * without a dialect (each target brings its own), or a context prepared once
 * (`createMigrationContext`) whose dialect is replaced per target.
 */
export type FleetSource =
  | (Omit<RunnerOptions, "dialect" | "lock"> & { readonly context?: undefined })
  | { readonly context: PreparedRun };

/** {@link upgradeFleet}'s options: the revisions, the fleet's run options, and the upgrade's. */
export type UpgradeFleetOptions = FleetSource &
  FleetRunOptions & {
    /** Default `heads`. */
    readonly target?: string | undefined;
    /**
     * The last phase to run on every target. `"contract"` is refused (ATHANOR_FLEET_NOT_EXPANDED,
     * nothing run) unless every target finished its expand and migrate revisions first.
     */
    readonly phase?: Phase | undefined;
    /** Continue revisions an earlier run left part-way (MySQL), as `upgrade --resume`. */
    readonly resume?: boolean | undefined;
    /**
     * Read every schema target's heads in bulk first and leave those already at the target
     * untouched (no session, no lock): a fleet at head costs a few queries. Default true.
     */
    readonly prescan?: boolean | undefined;
    /** Vets each target's plan under its lock (the runner's `vetPlan`); throwing fails that target. */
    readonly vetPlan?: MigrateOptions["vetPlan"];
  };

/**
 * Upgrades every target of a fleet; one record per target, failures recorded and never thrown.
 * A second run touches only targets not at the target revision (the others are `unchanged`).
 *
 * @example
 * ```ts
 * const server = postgresDialect({ url: process.env.DATABASE_URL! });
 * const fleet = await upgradeFleet({
 *   revisions: "./dist/migrations/versions",
 *   targets: schemaTargets(server, ["tenant_a", "tenant_b"]),
 *   concurrency: 8, canary: 1, wave: "25%", haltAfter: 3,
 *   onTarget: (r) => console.error(r.target, r.status),
 * });
 * if (fleet.counts.failed > 0) process.exitCode = 1;
 * ```
 */
export async function upgradeFleet(options: UpgradeFleetOptions): Promise<FleetResult> {
  checkFleetOptions(options);
  const prepared = await prepareFleet(options);
  if (prepared === undefined) return emptyFleet();
  const target = options.target ?? "heads";
  if (options.phase === "contract") await refuseUnexpanded(prepared, options, target);
  const atTarget =
    options.prescan === false
      ? new Map<FleetTarget, readonly string[]>()
      : await alreadyThere(prepared, options, target);
  return runFleet(
    prepared,
    options,
    async (run, signal) =>
      outcomeOfRun(
        await upgrade(run, target, {
          signal,
          ...(options.phase === undefined ? {} : { phase: options.phase }),
          ...(options.resume === true ? { resume: true } : {}),
          ...(options.vetPlan === undefined ? {} : { vetPlan: options.vetPlan }),
        }),
      ),
    {
      locks: true,
      settled: atTarget,
      expandOnly: options.phase === "expand" || options.phase === "migrate",
    },
  );
}

/**
 * The schema targets a bulk read shows at the target already (nothing to plan), so a fleet run
 * at head touches no tenant's session or lock. Anything unusual — an unknown head, a plan that
 * cannot be made, a table not there — leaves the target to the ordinary run.
 */
async function alreadyThere(
  prepared: PreparedRun,
  options: UpgradeFleetOptions,
  target: string,
): Promise<Map<FleetTarget, readonly string[]>> {
  const read = await readHeadsInBulk(options.targets, prepared.options.versionTable.name);
  const done = new Map<FleetTarget, readonly string[]>();
  // Tenants mostly share their heads: one plan per distinct set of heads, not one per tenant.
  const planned = new Map<string, boolean>();
  const nothingToDo = (heads: readonly string[]): boolean => {
    try {
      return (
        plan(prepared.graph, {
          current: heads,
          target,
          direction: "upgrade",
          ...(options.phase === undefined ? {} : { phase: options.phase }),
        }).steps.length === 0
      );
    } catch {
      return false; // the ordinary run reports it
    }
  };
  for (const [fleetTarget, heads] of read) {
    if (heads.length === 0 || heads.some((h) => prepared.graph.get(h) === undefined)) continue;
    const key = heads.join("\n");
    let there = planned.get(key);
    if (there === undefined) {
      there = nothingToDo(heads);
      planned.set(key, there);
    }
    if (there) done.set(fleetTarget, heads);
  }
  return done;
}

/**
 * Downgrades every target to `target` (`-1`, an id, `base`), with the same canary, waves and halt rules.
 *
 * @example
 * ```ts
 * await downgradeFleet({ revisions, targets, target: "-1", concurrency: 4 });
 * ```
 */
export async function downgradeFleet(
  options: FleetSource &
    FleetRunOptions & {
      /** Required unless `resume` finishes the downgrade a target left part-way. */
      readonly target?: string | readonly string[] | undefined;
      /** Continue a downgrade an earlier run left part-way (MySQL), as `downgrade --resume`. */
      readonly resume?: boolean | undefined;
    },
): Promise<FleetResult> {
  const prepared = await prepareFleet(options);
  if (prepared === undefined) return emptyFleet();
  return runFleet(prepared, options, async (run, signal) =>
    outcomeOfRun(
      await downgrade(run, options.target, { signal, ...(options.resume === true ? { resume: true } : {}) }),
    ),
  );
}

/**
 * Records `revisions` as applied on every target without running them (adopting existing tenants).
 *
 * @example
 * ```ts
 * await stampFleet({ revisions, targets, stamp: ["heads"] });
 * ```
 */
export async function stampFleet(
  options: FleetSource & FleetRunOptions & { readonly stamp: readonly string[]; readonly purge?: boolean },
): Promise<FleetResult> {
  const prepared = await prepareFleet(options);
  if (prepared === undefined) return emptyFleet();
  return runFleet(prepared, options, async (run) => {
    const result = await stamp(run, options.stamp, { purge: options.purge === true });
    const outcome = outcomeOfRun(result);
    const changed = result.heads.before.join() !== result.heads.after.join();
    // a stamp applies nothing: its "revisions" are the heads it moved to
    return { ...outcome, revisions: changed ? result.heads.after : [] };
  });
}

/**
 * Reads every target's heads (no lock, nothing created): records with `before` = `after` = heads,
 * and `state` with partial runs and who holds the target's migration lock right now.
 *
 * @example
 * ```ts
 * const { records } = await currentFleet({ revisions, targets, concurrency: 8 });
 * ```
 */
export async function currentFleet(options: FleetSource & FleetRunOptions): Promise<FleetResult> {
  const prepared = await prepareFleet(options);
  if (prepared === undefined) return emptyFleet();
  return runFleet(
    prepared,
    options,
    async (run) => {
      const state = await current(run);
      const lock = await readMigrationLock(run);
      const lastFailure = await readLastFailure(run);
      return {
        before: state.heads,
        after: state.heads,
        revisions: [],
        state: {
          partial: state.partial,
          unknownHeads: state.unknownHeads,
          lock,
          ...(lastFailure === undefined ? {} : { lastFailure }),
        },
      };
    },
    { locks: false },
  );
}

/** The shared context, loaded once for every target; undefined for an empty fleet (nothing to run). */
export async function prepareFleet(options: FleetSource & FleetRunOptions): Promise<PreparedRun | undefined> {
  if (options.context !== undefined) return options.context;
  const first = options.targets[0];
  if (first === undefined) return undefined;
  const { context: _none, ...runner } = options as Omit<RunnerOptions, "dialect"> & { context?: undefined };
  return prepareRun({ ...runner, dialect: first.dialect });
}

/** The result of a fleet without targets. */
export function emptyFleet(): FleetResult {
  return { records: [], counts: { changed: 0, unchanged: 0, failed: 0, skipped: 0 } };
}

/** Contract runs only once the whole fleet is past expand and migrate: read every target first. */
async function refuseUnexpanded(
  prepared: PreparedRun,
  options: UpgradeFleetOptions,
  target: string,
): Promise<void> {
  const read = await runFleet(
    prepared,
    { targets: options.targets, concurrency: options.concurrency, signal: options.signal },
    async (run) => {
      const state = await current(run);
      const pending = plan(run.graph, {
        current: state.heads,
        target,
        direction: "upgrade",
        phase: "migrate",
      });
      // "revisions" here: the expand/migrate work still to do
      return { before: state.heads, after: state.heads, revisions: pending.steps.map((s) => s.revision) };
    },
    { locks: false },
  );
  const behind = read.records.filter((r) => r.status !== "unchanged").map((r) => r.target);
  if (behind.length === 0) return;
  throw new AthanorError(
    "ATHANOR_FLEET_NOT_EXPANDED",
    `Contract waits until every target finished expand and migrate; ${behind.length} have not (or could not be read): ${behind.slice(0, 20).join(", ")}${behind.length > 20 ? ", …" : ""}. Upgrade the whole fleet to the migrate phase first.`,
    { targets: behind, count: behind.length },
  );
}
