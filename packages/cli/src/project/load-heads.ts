import { acceptHeadsSummary, loadRevisionSummary, summariseHeads } from "@athanor/core/revision";
import { findConfig } from "../config/find-config.js";
import { loadConfig } from "../config/load-config.js";
import type { Context } from "../context.js";
import { headerCachePath } from "./header-cache-path.js";
import { headsCachePath } from "./heads-cache-path.js";
import { HeadsGraph } from "./heads-graph.js";
import { CLI_REVISION_EXTENSIONS } from "./revision-extensions.js";

/**
 * The heads of the project's graph. While no revision file was added, removed or touched since
 * the last run (every file is stat'ed), they come from the heads summary; otherwise the headers
 * are loaded and the graph built and validated as `loadProject` does, with the same errors.
 *
 * @example
 * ```ts
 * const graph = await loadHeads(ctx, input.configPath);
 * graph.heads(); // ["c3"]
 * ```
 */
export async function loadHeads(ctx: Context, configPath: string | undefined): Promise<HeadsGraph> {
  const config = await loadConfig(findConfig(ctx.cwd, configPath, ctx.env), ctx.env);
  const heads = await loadRevisionSummary(config.versions, {
    cache: headsCachePath(config.versions, ctx.env),
    kind: "heads",
    extensions: CLI_REVISION_EXTENSIONS,
    headerCache: headerCachePath(config.versions, ctx.env),
    async summarise(revisions) {
      // imported on a miss only: a summary hit builds no graph
      const { RevisionGraph } = await import("@athanor/core/graph");
      return summariseHeads(RevisionGraph.build(revisions));
    },
    accept: acceptHeadsSummary,
  });
  return new HeadsGraph(heads);
}
