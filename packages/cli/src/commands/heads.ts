import { AthanorError } from "@athanor/core/errors";
import { defineCommand } from "../command.js";
import { RevisionView } from "../format/revision-view.js";
import { printJson, printLines } from "../output.js";
import { loadHeads } from "../project/load-heads.js";

/**
 * `athanor heads [--verbose] [--require-single] [--json]`: the revisions nothing builds on. Real
 * heads are marked `(head)`; a revision that only a `dependsOn` builds on is listed as
 * `(effective head)`. `--require-single` is the CI guard: several heads fail with
 * ATHANOR_MULTIPLE_HEADS (exit 1) naming them and the merge to run.
 */
export default defineCommand<{ verbose?: boolean; json?: boolean; requireSingle?: boolean }>({
  name: "heads",
  summary: "Show the current heads of the revision graph",
  json: true,
  options: [
    { flags: "-v, --verbose", description: "show full entries" },
    { flags: "--require-single", description: "exit 1 when the graph has more than one head (a CI guard)" },
  ],
  async run(ctx, { options, configPath }) {
    const graph = await loadHeads(ctx, configPath);
    const heads = graph.heads();
    if (options.requireSingle === true && heads.length > 1) {
      throw new AthanorError(
        "ATHANOR_MULTIPLE_HEADS",
        `The revision graph has ${heads.length} heads (${heads.join(", ")}) where one is required: two branches of work were written in parallel. Merge them into one head.`,
        { heads: [...heads], hint: 'athanor merge -m "merge heads" heads' },
      );
    }
    const view = new RevisionView(graph, ctx);
    const ids = graph.ids();
    if (options.json) printJson(ctx, { heads: ids.map((id) => view.json(id)) });
    else printLines(ctx, options.verbose ? view.logEntries(ids) : ids.map((id) => view.headLine(id)));
  },
});
