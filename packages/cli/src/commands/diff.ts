import { type AutogenerateFlags, SCOPE_OPTIONS } from "../autogenerate/autogenerate-flags.js";
import { compareModels } from "../autogenerate/compare-command.js";
import { defineCommand } from "../command.js";
import { printJson, printLines } from "../output.js";

/**
 * `athanor diff [--json]`: the operations autogenerate would write, without writing anything
 * and whatever revision the database is at. `--json` gives the operations as data, with
 * data-loss warnings, rename candidates and notes.
 */
export default defineCommand<AutogenerateFlags & { json?: boolean }>({
  name: "diff",
  summary: "Show what autogenerate would write, without writing it",
  json: true,
  options: SCOPE_OPTIONS,
  async run(ctx, { options, configPath }) {
    const { diff, description } = await compareModels(ctx, configPath, options, { requireHeads: false });
    if (options.json) printJson(ctx, { database: description, ...diff });
    else if (diff.operations.length === 0 && (diff.byHand ?? []).length === 0)
      printLines(ctx, [`No differences: ${description} matches the models.`]);
    else {
      // autogenerate-revision.js's imports are the comparison's: loaded by now, kept off the start-up
      const { diffReport } = await import("../autogenerate/autogenerate-revision.js");
      printLines(ctx, [`Models → ${description}:`, ...diffReport(diff)]);
    }
  },
});
