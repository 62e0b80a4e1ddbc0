import { AthanorError } from "@athanor/core/errors";
import { stamp } from "@athanor/core/runner";
import { defineCommand } from "../command.js";
import { withDatabaseRun } from "../database/open-database-run.js";
import { reportRun } from "../database/report-run.js";
import { runFleetCommand } from "../fleet/fleet-command.js";
import {
  FLEET_RUN_OPTIONS,
  type FleetCommandOptions,
  refuseFleetFlagsAlone,
} from "../fleet/fleet-options.js";

/**
 * `athanor stamp REV... [--purge] [--json]`: records in the version table that the database is
 * at REV (adopting an existing database, or recovering after a squash) without running any
 * revision code. `--purge` empties the version table first, which also clears rows naming
 * revisions that no file declares any more. `--verify` first replays the revisions up to the
 * stamped heads into a scratch database and refuses (ATHANOR_STAMP_MISMATCH, nothing written)
 * when the live schema differs from what they build.
 */
export default defineCommand<{ purge?: boolean; verify?: boolean; json?: boolean } & FleetCommandOptions>({
  name: "stamp",
  summary: "Set the version table to revisions without running them",
  arguments: ["<revisions...>"],
  json: true,
  options: [
    {
      flags: "--purge",
      description: "empty the version table first (recovers from rows naming unknown revisions)",
    },
    {
      flags: "--verify",
      description:
        "refuse unless the database has the schema the revisions build up to REV (replayed in a scratch database)",
    },
    ...FLEET_RUN_OPTIONS,
  ],
  async run(ctx, { args, options, configPath }) {
    if (options.fleet !== undefined) {
      if (options.verify === true)
        throw new AthanorError(
          "ATHANOR_USAGE",
          "--verify does not apply with --fleet yet: verify one tenant, then stamp the fleet.",
          {
            option: "--verify",
          },
        );
      return runFleetCommand(ctx, configPath, options, {
        command: "stamp",
        revisions: args,
        purge: options.purge === true,
      });
    }
    refuseFleetFlagsAlone(options);
    return withDatabaseRun(ctx, configPath, {}, async (run) => {
      if (options.verify === true) {
        const { verifyStamp } = await import("../drift/verify-stamp.js");
        await verifyStamp(ctx, run, args, { purge: options.purge === true });
      }
      const result = await stamp(run.migration, args, { purge: options.purge === true });
      for (const step of result.results)
        run.printer.onRunnerEvent({ type: "step-end", result: step, index: 0, total: 1 });
      return reportRun(ctx, run, result, { command: "stamp", target: args.join(" ") });
    });
  },
});
