import { defineCommand } from "../command.js";
import {
  IGNORE_LINT_OPTION,
  MIGRATION_COMMAND_OPTIONS,
  type MigrationCommandOptions,
  runMigrationCommand,
} from "../database/run-migration.js";

/**
 * `athanor upgrade [TARGET] [--phase expand] [--sql] [--json]`: applies revisions up to TARGET
 * (default `heads` when the graph has one head), one transaction per revision, printing each with
 * its timing. It refuses (ATHANOR_LINT_ERRORS) when a revision it would run has an unsilenced
 * lint error, unless `--ignore-lint-errors`. `--phase expand` (alias `migrate`) runs the deploy's first stage: contract revisions
 * and what builds on them are held back and listed. `--sql` prints the SQL instead
 * (`--sql base:ae10` for a range).
 */
export default defineCommand<MigrationCommandOptions>({
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
        "expand: run expand, migrate and ordinary revisions, hold back contract ones and what follows them (alias: migrate)",
      choices: ["expand", "migrate"],
    },
  ],
  run: (ctx, input) => runMigrationCommand(ctx, input, "upgrade", input.args[0]),
});
