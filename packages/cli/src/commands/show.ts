import { readsCurrent, resolveTarget } from "@athanor/core/graph";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { RevisionView } from "../format/revision-view.js";
import { printJson, printLines } from "../output.js";
import { loadProject } from "../project/load-project.js";

/**
 * `athanor show REV [--json]`: the full entry of the revision(s) a target names (`heads` shows
 * all). Targets that mention `current` (`current`, `current-1`) or walk from it (`+1`, `-1`,
 * `cart@-1`) read the database's heads, as Alembic's `show current` does; every other target
 * stays database-free.
 */
export default defineCommand<{ json?: boolean }>({
  name: "show",
  summary: "Show a revision: parents, dependencies, labels, path and message",
  arguments: ["<rev>"],
  json: true,
  async run(ctx, { args, options, configPath }) {
    const target = args[0] ?? "";
    const { graph } = await loadProject(ctx, configPath);
    const view = new RevisionView(graph, ctx);
    const current = readsCurrent(target) ? await databaseHeads(ctx, configPath) : undefined;
    const ids = resolveTarget(graph, target, current === undefined ? {} : { current });
    if (options.json) printJson(ctx, { revisions: ids.map((id) => view.json(id)) });
    else printLines(ctx, ids.length === 0 ? ["<base>: before the first revision"] : view.logEntries(ids));
  },
});

async function databaseHeads(ctx: Context, configPath: string | undefined): Promise<readonly string[]> {
  const [{ withDatabaseRun }, { current }] = await Promise.all([
    import("../database/open-database-run.js"),
    import("@athanor/core"),
  ]);
  return withDatabaseRun(
    ctx,
    configPath,
    { mustExist: true },
    async ({ migration }) => (await current(migration)).heads,
  );
}
