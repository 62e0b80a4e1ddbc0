import { AthanorError } from "@athanor/core/errors";
import type { ResolvedConfig } from "../config/resolved-config.js";

/**
 * A fleet commits each target's revisions one transaction each, so a single-transaction run
 * cannot be kept on it: refused whether `--single-transaction` or the config's
 * `singleTransaction: true` asks for it (the config's silently ran one transaction per revision,
 * leaving a target that failed half-way through the run at the revisions before the failure).
 * `--no-single-transaction` runs the fleet as a fleet runs.
 */
export function refuseFleetSingleTransaction(
  given: boolean | undefined,
  config?: Pick<ResolvedConfig, "singleTransaction">,
): void {
  if (given === true)
    throw new AthanorError(
      "ATHANOR_USAGE",
      "--single-transaction does not apply with --fleet: a fleet commits each target on its own; run one database with it.",
      { option: "--single-transaction" },
    );
  if (given === undefined && config?.singleTransaction === true)
    throw new AthanorError(
      "ATHANOR_USAGE",
      "The config's singleTransaction is true, and --fleet cannot run a target in one transaction: a fleet commits each revision of each target on its own. Nothing was run.",
      {
        option: "--fleet",
        hint: "add --no-single-transaction to run the fleet one transaction per revision, or run each database on its own",
      },
    );
}
