import { defineCommand } from "../command.js";
import { MIGRATION_COMMAND_OPTIONS } from "../database/run-migration.js";
import { type FleetMigrationOptions, migrationOrFleet } from "../fleet/fleet-migration.js";
import { FLEET_RUN_OPTIONS } from "../fleet/fleet-options.js";

/**
 * `athanor downgrade TARGET [--sql START:END] [--json]`: reverts revisions down to TARGET (`-1`,
 * a revision id that stays applied, `base`). `downgrade --resume` alone finishes a downgrade that
 * stopped part-way (the advice every partial-run message gives), so TARGET is optional to the
 * parser and required by the body otherwise. Offline, the start must be given as a range
 * (`--sql heads:base`), since there is no database to ask. `--fleet [NAME]`: on every target of a fleet.
 */
export default defineCommand<FleetMigrationOptions>({
  name: "downgrade",
  summary: "Revert revisions down to a target (-1, a revision, base)",
  arguments: ["[target]"],
  json: true,
  options: [...MIGRATION_COMMAND_OPTIONS, ...FLEET_RUN_OPTIONS],
  run: (ctx, input) => migrationOrFleet(ctx, input, "downgrade", input.args[0]),
});
