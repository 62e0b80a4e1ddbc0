import { AthanorError } from "@athanor/core/errors";
import { defineCommand } from "../command.js";
import { withDatabaseRun } from "../database/open-database-run.js";
import {
  CONCURRENCY_OPTION,
  FLEET_OPTION,
  type FleetCommandOptions,
  refuseFleetFlagsAlone,
  TARGET_OPTION,
} from "../fleet/fleet-options.js";
import { fleetStatusCommand } from "../fleet/fleet-status.js";
import { EXIT, printJson, printLines } from "../output.js";
import { readStatus } from "../status/read-status.js";
import { statusLines } from "../status/status-lines.js";

/**
 * `athanor status [--json]`: one screen for the person about to deploy — a verdict line naming
 * the next command, where the database is, per head what is pending grouped by phase and which
 * contract steps wait (and why), lint findings in the pending revisions, checksum state and who
 * holds the migration lock. Reads only. Exit 0 normally (pending work and a held lock included);
 * 1 when something must be fixed first: a changed applied revision, lint errors in pending
 * revisions, version-table rows no file declares, or a run that stopped part-way. `--fleet [NAME]`:
 * the fleet's screen instead (counts per revision and phase, unreadable targets, lock holders, each
 * target's last failed run; `--drift` adds the comparison with the models).
 */
export default defineCommand<{ json?: boolean; drift?: boolean } & FleetCommandOptions>({
  name: "status",
  summary:
    "Show what a deploy would do: pending work by phase, waiting contract steps, lint, checksums, lock",
  json: true,
  options: [
    FLEET_OPTION,
    TARGET_OPTION,
    CONCURRENCY_OPTION,
    {
      flags: "--drift",
      description:
        "with --fleet: also compare every target with the models (check --fleet) and count those that differ",
    },
  ],
  async run(ctx, { options, configPath }) {
    if (options.fleet !== undefined) return fleetStatusCommand(ctx, configPath, options);
    refuseFleetFlagsAlone(options);
    if (options.drift === true)
      throw new AthanorError(
        "ATHANOR_USAGE",
        "--drift applies with --fleet; on one database run `athanor check`.",
        {
          option: "--drift",
        },
      );
    return withDatabaseRun(ctx, configPath, { mustExist: true }, async (run) => {
      const report = await readStatus(ctx, run);
      if (options.json) printJson(ctx, report);
      else printLines(ctx, statusLines(ctx, report));
      return report.problems.length > 0 ? EXIT.failure : EXIT.ok;
    });
  },
});
