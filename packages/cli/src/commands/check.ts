import { AthanorError } from "@athanor/core/errors";
import { type AutogenerateFlags, SCOPE_OPTIONS } from "../autogenerate/autogenerate-flags.js";
import { compareModels } from "../autogenerate/compare-command.js";
import { modelDifferences } from "../autogenerate/model-differences.js";
import { defineCommand } from "../command.js";
import {
  CONCURRENCY_OPTION,
  FLEET_OPTION,
  type FleetCommandOptions,
  refuseFleetFlagsAlone,
  TARGET_OPTION,
} from "../fleet/fleet-options.js";
import { printJson, printLines } from "../output.js";

/**
 * `athanor check [--json]`: exit 0 when the Drizzle models and the migrated database agree,
 * exit 1 (ATHANOR_SCHEMA_DRIFT) with the differences when they do not — for CI, after
 * `upgrade heads` (like `alembic check`, it refuses a database that is not at every head).
 * `--against migrations` compares the database with the schema its recorded revisions build
 * instead (exit 1, ATHANOR_MIGRATION_DRIFT, when it was changed by hand). `--fleet [NAME]`: every
 * target of a fleet against the models (or the migrations, replayed once), one verdict each
 * (exit 1 when any differs or fails).
 */
export default defineCommand<
  AutogenerateFlags & FleetCommandOptions & { json?: boolean; against?: "models" | "migrations" }
>({
  name: "check",
  summary: "Fail when the models and the database disagree",
  json: true,
  options: [
    ...SCOPE_OPTIONS,
    {
      flags: "--against <what>",
      description:
        "models (default): the Drizzle models; migrations: the schema the recorded revisions build, replayed in a scratch database",
      choices: ["models", "migrations"],
    },
    FLEET_OPTION,
    TARGET_OPTION,
    CONCURRENCY_OPTION,
  ],
  async run(ctx, { options, configPath }) {
    if (options.fleet !== undefined) {
      const { checkFleetCommand } = await import("../fleet/fleet-check-command.js");
      return checkFleetCommand(ctx, configPath, options);
    }
    refuseFleetFlagsAlone(options);
    if (options.against === "migrations") {
      const { checkAgainstMigrations } = await import("../drift/check-against-migrations.js");
      return checkAgainstMigrations(ctx, configPath, {
        json: options.json === true,
        excludeTables: options.excludeTable,
      });
    }
    const { diff, description, notCompared, warnings } = await compareModels(ctx, configPath, options, {
      requireHeads: true,
    });
    const differences = modelDifferences(diff);
    if (differences.length === 0) {
      if (options.json) printJson(ctx, { database: description, differences: [], notCompared, warnings });
      else printLines(ctx, [`No differences: ${description} matches the models.`]);
      return;
    }
    const n = differences.length;
    // autogenerate-revision.js's imports are the comparison's: loaded by now, kept off the start-up
    const { diffReport } = await import("../autogenerate/autogenerate-revision.js");
    if (!options.json)
      printLines(ctx, [
        `${n} difference${n === 1 ? "" : "s"} between the models and ${description}:`,
        ...diffReport(diff),
      ]);
    throw new AthanorError(
      "ATHANOR_SCHEMA_DRIFT",
      `The models and the database disagree (${n} change${n === 1 ? "" : "s"}). Autogenerate a revision for model changes, or find out who changed the database by hand.`,
      {
        differences,
        operations: diff.operations,
        renameCandidates: diff.renameCandidates,
        notCompared,
        warnings,
        hint: 'athanor revision --autogenerate -m "..." (or athanor diff to see the operations)',
      },
    );
  },
});
