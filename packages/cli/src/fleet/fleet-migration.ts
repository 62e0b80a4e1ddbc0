import { AthanorError } from "@athanor/core/errors";
import type { CommandInput } from "../command.js";
import type { Context } from "../context.js";
import {
  type MigrationCommandOptions,
  parseLockTimeout,
  runMigrationCommand,
} from "../database/run-migration.js";
import { type FleetCommandOptions, refuseFleetFlagsAlone } from "./fleet-options.js";
import { refuseFleetSingleTransaction } from "./fleet-single-transaction.js";

/** `upgrade`'s and `downgrade`'s options with the fleet flags and `--phase contract`. */
export type FleetMigrationOptions = Omit<MigrationCommandOptions, "phase"> &
  FleetCommandOptions & { readonly phase?: "expand" | "migrate" | "contract" | undefined };

/**
 * `upgrade`/`downgrade` with or without `--fleet`: without it, the one database as always (the
 * fleet-only flags and `--phase contract` refused); with it, every target of the fleet.
 */
export async function migrationOrFleet(
  ctx: Context,
  input: CommandInput<FleetMigrationOptions>,
  direction: "upgrade" | "downgrade",
  target: string | undefined,
): Promise<number | undefined> {
  const { options } = input;
  if (options.fleet === undefined) {
    refuseFleetFlagsAlone(options);
    if (options.phase === "contract")
      throw new AthanorError(
        "ATHANOR_USAGE",
        "--phase contract applies to --fleet; on one database run `athanor upgrade`.",
        {
          option: "--phase",
        },
      );
    return runMigrationCommand(ctx, input as CommandInput<MigrationCommandOptions>, direction, target);
  }
  for (const [flag, given] of [
    ["--sql", options.sql],
    ["--echo-sql", options.echoSql],
  ] as const)
    if (given === true)
      throw new AthanorError(
        "ATHANOR_USAGE",
        `${flag} does not apply with --fleet: a fleet runs online, target by target.`,
        {
          option: flag,
        },
      );
  refuseFleetSingleTransaction(options.singleTransaction);
  if (options.allowBrokenDependents === true)
    throw new AthanorError(
      "ATHANOR_USAGE",
      "--allow-broken-dependents does not apply with --fleet: which objects break differs per database; run the databases that refused on their own with it.",
      { option: "--allow-broken-dependents" },
    );
  const lockTimeoutMs = parseLockTimeout(options.lockTimeout);
  // Loaded only with --fleet: the fleet path pulls in core's root barrel (~110 modules), and a
  // plain `upgrade` runs at every application start.
  const { fleetPhase, runFleetCommand } = await import("./fleet-command.js");
  if (direction === "downgrade") {
    if (target === undefined && options.resume !== true)
      throw new AthanorError(
        "ATHANOR_USAGE",
        "downgrade --fleet needs a target, e.g. `-1`, a revision id, or `base` (or --resume alone, to finish a partial downgrade).",
        {},
      );
    return runFleetCommand(
      ctx,
      input.configPath,
      { ...options, lockTimeoutMs },
      { command: "downgrade", target, resume: options.resume === true },
    );
  }
  return runFleetCommand(
    ctx,
    input.configPath,
    { ...options, lockTimeoutMs },
    {
      command: "upgrade",
      target: target ?? "heads",
      phase: fleetPhase(options.phase),
      resume: options.resume === true,
      lint: options.ignoreLintErrors !== true,
    },
  );
}
