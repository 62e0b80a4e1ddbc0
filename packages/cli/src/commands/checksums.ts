import { AthanorError } from "@athanor/core/errors";
import { acceptChecksum, checkChecksums } from "@athanor/core/runner";
import { defineCommand } from "../command.js";
import { withDatabaseRun } from "../database/open-database-run.js";
import {
  CONCURRENCY_OPTION,
  FLEET_OPTION,
  type FleetCommandOptions,
  refuseFleetFlagsAlone,
  TARGET_OPTION,
} from "../fleet/fleet-options.js";
import { acceptAdvice, acceptedLines, checksumLines } from "../format/checksum-lines.js";
import { EXIT, printJson, printLines } from "../output.js";

/**
 * `athanor checksums [--json]` lists applied revisions whose file changed since it was applied
 * (exit 1 when there is any, so CI can gate on it). `athanor checksums accept REV... [--reason
 * TEXT]` accepts the current files: the history table records the new checksum, who accepted it
 * (OS user, host, database user) and the reason, after which `upgrade` runs again. With `--fleet`,
 * on every target of the fleet: accepting checks every target before it changes any.
 */
export default defineCommand<{ reason?: string; json?: boolean } & FleetCommandOptions>({
  name: "checksums",
  summary: "List applied revisions whose file changed, or accept them (checksums accept REV...)",
  arguments: ["[action]", "[revisions...]"],
  json: true,
  options: [
    { flags: "--reason <text>", description: "why the change is safe (stored with the acceptance)" },
    FLEET_OPTION,
    TARGET_OPTION,
    CONCURRENCY_OPTION,
  ],
  async run(ctx, { args, options, configPath }) {
    const [action, ...revisions] = args;
    if (action !== undefined && action !== "accept") {
      throw new AthanorError(
        "ATHANOR_USAGE",
        `Unknown checksums action "${action}"; the only action is \`accept\`.`,
        {
          hint: "run `athanor checksums` to list changed revisions, `athanor checksums accept REV...` to accept them",
        },
      );
    }
    if (action === "accept" && revisions.length === 0) {
      throw new AthanorError("ATHANOR_USAGE", "checksums accept needs the revisions to accept.", {
        hint: 'run `athanor checksums` to list them, then `athanor checksums accept <rev>... --reason "..."`',
      });
    }
    if (options.fleet !== undefined) {
      const { checksumsFleetCommand } = await import("../fleet/fleet-checksums.js");
      return checksumsFleetCommand(ctx, configPath, options, action === "accept" ? revisions : undefined);
    }
    refuseFleetFlagsAlone(options);
    return withDatabaseRun(ctx, configPath, { mustExist: true }, async ({ migration }) => {
      if (action === "accept") {
        const accepted = await acceptChecksum(migration, revisions, { note: options.reason });
        if (options.json) printJson(ctx, { accepted, reason: options.reason ?? null });
        else printLines(ctx, acceptedLines(accepted));
        return EXIT.ok;
      }
      const mismatches = await checkChecksums(migration);
      if (options.json) printJson(ctx, { mismatches });
      else
        printLines(ctx, [...checksumLines(mismatches), ...acceptAdvice(mismatches.map((m) => m.revision))]);
      return mismatches.length === 0 ? EXIT.ok : EXIT.failure;
    });
  },
});
