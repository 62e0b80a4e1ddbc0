import type { FleetRunOptions, WaveSize } from "@athanor/core";
import { AthanorError } from "@athanor/core/errors";
import { inertText } from "@athanor/core/text";
import type { OptionDefinition } from "../command.js";

/** The `--fleet` flags as commander hands them over (all text). */
export interface FleetCommandOptions {
  /** `--fleet` alone is `true` (the config's only fleet); `--fleet NAME` names one. */
  readonly fleet?: string | boolean | undefined;
  readonly concurrency?: string | undefined;
  readonly canary?: string | undefined;
  readonly wave?: string | undefined;
  readonly haltAfter?: string | undefined;
  readonly haltRate?: string | undefined;
  readonly targetTimeout?: string | undefined;
  /** `--target NAME` (repeatable): only these targets of the fleet. */
  readonly target?: readonly string[] | undefined;
}

/** `--fleet [name]` alone: for commands that read (`current`, `status`). */
export const FLEET_OPTION: OptionDefinition = {
  flags: "--fleet [name]",
  description: "run on every target of a fleet declared in the config (the only one when no name is given)",
};

/** `--target NAME`: one target (or a few) of the fleet, by the name its records and advice use. */
export const TARGET_OPTION: OptionDefinition = {
  flags: "--target <name>",
  description: "with --fleet: only the target of that name (repeat it for several)",
  repeatable: true,
};

/** `--concurrency`: reads as well as runs use it. */
export const CONCURRENCY_OPTION: OptionDefinition = {
  flags: "--concurrency <n>",
  description: "with --fleet: targets at once, and the most connections per server (default 4)",
};

/** The flags of commands that change a fleet (`upgrade`, `downgrade`, `stamp`). */
export const FLEET_RUN_OPTIONS: readonly OptionDefinition[] = [
  FLEET_OPTION,
  TARGET_OPTION,
  CONCURRENCY_OPTION,
  {
    flags: "--canary <k>",
    description: "with --fleet: run the first K targets alone first; stop if any fails",
  },
  {
    flags: "--wave <size>",
    description: "with --fleet: after the canary, waves of N targets or a percentage (25%)",
  },
  { flags: "--halt-after <f>", description: "with --fleet: stop launching targets after F failures" },
  {
    flags: "--halt-rate <percent>",
    description:
      "with --fleet: stop launching once this share of finished targets failed (20%, judged after 10)",
  },
  {
    flags: "--target-timeout <seconds>",
    description: "with --fleet: stop a target's run after this long, cancelling its statement on the server",
  },
];

/** The parsed flags, as `upgradeFleet` takes them. */
export function fleetRunOptions(
  options: FleetCommandOptions,
): Pick<FleetRunOptions, "concurrency" | "canary" | "wave" | "haltAfter" | "haltRate" | "timeoutMs"> {
  const percent = options.haltRate === undefined ? undefined : parsePercent("--halt-rate", options.haltRate);
  const seconds =
    options.targetTimeout === undefined ? undefined : parseNumber("--target-timeout", options.targetTimeout);
  return {
    concurrency:
      options.concurrency === undefined ? undefined : parseCount("--concurrency", options.concurrency, 1),
    canary: options.canary === undefined ? undefined : parseCount("--canary", options.canary, 0),
    wave: options.wave === undefined ? undefined : parseWave(options.wave),
    haltAfter: options.haltAfter === undefined ? undefined : parseCount("--halt-after", options.haltAfter, 1),
    haltRate: percent === undefined ? undefined : percent / 100,
    timeoutMs: seconds === undefined ? undefined : Math.round(seconds * 1000),
  };
}

/** Refuses fleet-only flags given without `--fleet`, so a typo never runs on the one database. */
export function refuseFleetFlagsAlone(options: FleetCommandOptions): void {
  if (options.fleet !== undefined) return;
  const given = (
    [
      ["concurrency", "--concurrency"],
      ["canary", "--canary"],
      ["wave", "--wave"],
      ["haltAfter", "--halt-after"],
      ["haltRate", "--halt-rate"],
      ["targetTimeout", "--target-timeout"],
      ["target", "--target"],
    ] as const
  ).filter(([key]) => options[key] !== undefined);
  if (given.length > 0)
    throw new AthanorError(
      "ATHANOR_USAGE",
      `${given.map(([, flag]) => flag).join(", ")} only apply with --fleet.`,
      {
        option: given[0]?.[1],
        hint: "add --fleet [name] to run on a fleet declared in the config",
      },
    );
}

function usage(flag: string, value: string, expected: string): AthanorError {
  return new AthanorError("ATHANOR_USAGE", `${flag} must be ${expected} (got "${inertText(value)}").`, {
    option: flag,
    value,
  });
}

function parseCount(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw usage(flag, value, `a whole number ≥ ${min}`);
  return Number(value);
}

function parseNumber(flag: string, value: string): number {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value) || Number(value) <= 0)
    throw usage(flag, value, "a positive number of seconds");
  return Number(value);
}

function parsePercent(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(value);
  const n = match === null ? Number.NaN : Number(match[1]);
  if (!(n > 0 && n <= 100)) throw usage(flag, value, "a percentage above 0 and at most 100 (20 or 20%)");
  return n;
}

function parseWave(value: string): WaveSize {
  if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value);
  if (/^\d+(\.\d+)?%$/.test(value)) return value as WaveSize;
  throw usage("--wave", value, "a number of targets or a percentage (25%)");
}
