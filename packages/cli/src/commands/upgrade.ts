import { defineCommand } from "../command.js";
import {
  MIGRATION_COMMAND_OPTIONS,
  type MigrationCommandOptions,
  runMigrationCommand,
} from "../database/run-migration.js";

/**
 * `athanor upgrade [TARGET] [--sql] [--json]`: applies revisions up to TARGET (default `heads`
 * when the graph has one head), one transaction per revision, printing each with its timing.
 * `--sql` prints the SQL instead (`--sql base:ae10` for a range).
 */
export default defineCommand<MigrationCommandOptions>({
  name: "upgrade",
  summary: "Apply revisions up to a target (default: the head)",
  arguments: ["[target]"],
  json: true,
  options: MIGRATION_COMMAND_OPTIONS,
  run: (ctx, input) => runMigrationCommand(ctx, input, "upgrade", input.args[0]),
});
