import { defineCommand } from "../command.js";
import { IGNORE_LINT_OPTION, MIGRATION_COMMAND_OPTIONS } from "../database/run-migration.js";
import { type FleetMigrationOptions, migrationOrFleet } from "../fleet/fleet-migration.js";
import { FLEET_RUN_OPTIONS } from "../fleet/fleet-options.js";

/**
 * `athanor upgrade [TARGET] [--phase expand] [--sql] [--json]`: applies revisions up to TARGET
 * (default `heads` when the graph has one head), one transaction per revision, printing each with
 * its timing. It refuses (ATHANOR_LINT_ERRORS) when a revision it would run has an unsilenced
 * lint error, unless `--ignore-lint-errors`. `--phase expand` (alias `migrate`) runs the deploy's first stage: contract revisions
 * and what builds on them are held back and listed. `--sql` prints the SQL instead
 * (`--sql base:ae10` for a range). `--fleet [NAME]` runs it on every target of a fleet of the config
 * (docs/fleet.md), where `--phase contract` waits until every target finished expand.
 */
export default defineCommand<FleetMigrationOptions>({
  name: "upgrade",
  summary: "Apply revisions up to a target (default: the head)",
  arguments: ["[target]"],
  json: true,
  options: [
    ...MIGRATION_COMMAND_OPTIONS,
    IGNORE_LINT_OPTION,
    {
      flags: "--phase <stage>",
      description:
        "expand: run expand, migrate and ordinary revisions, hold back contract ones and what follows them (alias: migrate); with --fleet, contract: the rest, once every target finished expand",
      choices: ["expand", "migrate", "contract"],
    },
    ...FLEET_RUN_OPTIONS,
  ],
  run: (ctx, input) => migrationOrFleet(ctx, input, "upgrade", input.args[0]),
});
