import {
  currentFleet,
  currentFleetTarget,
  downgradeFleet,
  type FleetResult,
  type MigrateOptions,
  stampFleet,
  upgradeFleet,
} from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { inertText } from "@athanor/core/text";
import type { ResolvedConfig } from "../config/resolved-config.js";
import type { Context } from "../context.js";
import { GracefulStop } from "../database/graceful-stop.js";
import { type DatabaseRun, withDatabaseRun } from "../database/open-database-run.js";
import { lintIdentity } from "../lint/lint-project.js";
import { lintGate } from "../lint/refuse-lint-errors.js";
import { type FleetCommandOptions, fleetRunOptions } from "./fleet-options.js";
import { withFleetPhrasing } from "./fleet-phrasing.js";
import { refuseFleetSingleTransaction } from "./fleet-single-transaction.js";
import { type OpenedFleet, onlyTargets, openFleet, selectFleet } from "./fleet-targets.js";
import { describeRecord, FLEET_EXIT, fleetProgress, headsText, reportFleet } from "./report-fleet.js";

/** What `upgrade`/`downgrade`/`stamp --fleet` asked for. */
export type FleetCommand =
  | {
      readonly command: "upgrade";
      readonly target: string;
      readonly phase?: "migrate" | "contract" | undefined;
      readonly resume: boolean;
      readonly lint: boolean;
    }
  | { readonly command: "downgrade"; readonly target: string | undefined; readonly resume: boolean }
  | { readonly command: "stamp"; readonly revisions: readonly string[]; readonly purge: boolean };

/**
 * Opens the config's fleet `--fleet [NAME]` names and hands its targets to `body`, closing every
 * dialect opened for it afterwards.
 */
export async function withFleet<T>(
  ctx: Context,
  configPath: string | undefined,
  options: FleetCommandOptions & {
    readonly lockTimeoutMs?: number | undefined;
    /** Refuses what the config asks that the command cannot do, before any target is listed. */
    readonly vetConfig?: ((config: ResolvedConfig) => void) | undefined;
  },
  body: (run: DatabaseRun, fleet: OpenedFleet) => Promise<T>,
): Promise<T> {
  return withDatabaseRun(ctx, configPath, { lockTimeoutMs: options.lockTimeoutMs }, async (run) => {
    options.vetConfig?.(run.config);
    const fleet = await openFleet(run, selectFleet(run.config, options.fleet ?? true));
    try {
      const chosen = onlyTargets(fleet, options.target);
      return await withFleetPhrasing(fleet.fleet.name, () => body(run, chosen));
    } finally {
      await fleet.close();
    }
  });
}

/**
 * `upgrade --fleet`, `downgrade --fleet`, `stamp --fleet`: runs the command on every target of
 * the fleet (canary, waves, halt rules, per-target timeouts from the flags), prints one progress
 * line per target on stderr, then the report (or `--json`), and returns the fleet exit code.
 */
export async function runFleetCommand(
  ctx: Context,
  configPath: string | undefined,
  options: FleetCommandOptions & {
    readonly lockTimeoutMs?: number | undefined;
    /** `--single-transaction` / `--no-single-transaction` as given (undefined: neither). */
    readonly singleTransaction?: boolean | undefined;
  },
  request: FleetCommand,
): Promise<number> {
  const flags = fleetRunOptions(options);
  const vetConfig =
    request.command === "stamp"
      ? undefined
      : (config: ResolvedConfig) => refuseFleetSingleTransaction(options.singleTransaction, config);
  return withFleet(ctx, configPath, { ...options, vetConfig }, async (run, opened) => {
    run.printer.forFleet();
    const stop = new GracefulStop(ctx);
    const common = {
      context: run.migration,
      targets: opened.targets,
      ...flags,
      ...(options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
      signal: stop.signal,
      onTarget: fleetProgress(ctx, opened.targets.length),
    };
    try {
      let result: FleetResult;
      if (request.command === "upgrade") {
        result = await upgradeFleet({
          ...common,
          target: request.target,
          ...(request.phase === undefined ? {} : { phase: request.phase }),
          resume: request.resume,
          ...(request.lint ? { vetPlan: sharedLintGate(ctx, run, opened) } : {}),
        });
      } else if (request.command === "downgrade") {
        result = await downgradeFleet({ ...common, target: request.target, resume: request.resume });
      } else {
        result = await stampFleet({ ...common, stamp: request.revisions, purge: request.purge });
      }
      const code = reportFleet(ctx, result, {
        command: request.command,
        fleet: opened.fleet.name,
        target:
          request.command === "stamp" ? request.revisions.join(" ") : (request.target ?? "its partial run"),
      });
      return stop.signal.aborted ? stop.exitCode() : code;
    } finally {
      stop.dispose();
    }
  });
}

/** `current --fleet`: every target's heads, one record each (`--json`) or one line each. */
export async function currentFleetCommand(
  ctx: Context,
  configPath: string | undefined,
  options: FleetCommandOptions,
): Promise<number> {
  const flags = fleetRunOptions(options);
  return withFleet(ctx, configPath, options, async (run, opened) => {
    const result = await currentFleet({
      context: run.migration,
      targets: opened.targets,
      concurrency: flags.concurrency,
    });
    if (ctx.json)
      return reportFleet(ctx, result, { command: "current", fleet: opened.fleet.name, target: "current" });
    const width = Math.max(0, ...result.records.map((r) => inertText(r.target).length));
    const lines = result.records.map((r) =>
      r.status === "failed"
        ? describeRecord(r)
        : `${inertText(r.target).padEnd(width)}  ${headsText(r.after)}`,
    );
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return result.counts.failed > 0 ? FLEET_EXIT.failed : FLEET_EXIT.ok;
  });
}

/**
 * The lint gate, asked once per distinct plan and lint identity: a thousand tenants at the same
 * revision lint the pending revisions once, not a thousand times, and each target is judged by
 * its own engine's rules (a SQLite target of a fleet whose config names PostgreSQL is not held
 * to PostgreSQL's locking rules, nor the other way round).
 */
function sharedLintGate(
  ctx: Context,
  run: DatabaseRun,
  opened: OpenedFleet,
): NonNullable<MigrateOptions["vetPlan"]> {
  const verdicts = new Map<string, Promise<void>>();
  return async (plan) => {
    // the runner vets each target's plan inside that target's scope
    const target = currentFleetTarget();
    const config = target === undefined ? run.config : opened.configOf(target);
    const identity = await lintIdentity(config);
    const key = `${identity}|${plan.heads.join(",")}|${plan.steps.map((s) => `${s.direction}:${s.revision}`).join(",")}`;
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = lintGate(ctx, { config, graph: run.graph })(plan);
      verdicts.set(key, verdict);
    }
    return verdict;
  };
}

/** `--phase` on a fleet: expand (alias migrate) everywhere, or contract once every target finished it. */
export function fleetPhase(phase: string | undefined): "migrate" | "contract" | undefined {
  if (phase === undefined) return undefined;
  if (phase === "contract") return "contract";
  if (phase === "expand" || phase === "migrate") return "migrate";
  throw new AthanorError("ATHANOR_USAGE", `--phase must be expand, migrate or contract.`, {
    option: "--phase",
  });
}
