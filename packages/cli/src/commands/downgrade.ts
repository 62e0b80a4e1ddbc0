import { defineCommand } from "../command.js";
import {
  MIGRATION_COMMAND_OPTIONS,
  type MigrationCommandOptions,
  runMigrationCommand,
} from "../database/run-migration.js";

/**
 * `athanor downgrade TARGET [--sql START:END] [--json]`: reverts revisions down to TARGET (`-1`,
 * a revision id that stays applied, `base`). Offline, the start must be given as a range
 * (`--sql heads:base`), since there is no database to ask.
 */
export default defineCommand<MigrationCommandOptions>({
  name: "downgrade",
  summary: "Revert revisions down to a target (-1, a revision, base)",
  arguments: ["<target>"],
  json: true,
  options: MIGRATION_COMMAND_OPTIONS,
  run: (ctx, input) => runMigrationCommand(ctx, input, "downgrade", input.args[0]),
});
