import type { RevisionSource } from "@athanor/core";
import { RevisionGraph } from "@athanor/core/graph";
import { loadRevisionHeaders } from "@athanor/core/revision";
import { findConfig } from "../config/find-config.js";
import { loadConfig, type ResolvedConfig } from "../config/load-config.js";
import type { Context } from "../context.js";
import { headerCachePath } from "./header-cache-path.js";
import { CLI_REVISION_EXTENSIONS } from "./revision-extensions.js";

export { CLI_REVISION_EXTENSIONS } from "./revision-extensions.js";

/** A project as the graph commands see it. */
export interface Project {
  readonly config: ResolvedConfig;
  readonly revisions: readonly RevisionSource[];
  readonly graph: RevisionGraph;
}

/**
 * Finds and loads the config, reads every revision header (without executing any revision) and
 * builds the validated graph.
 *
 * @example
 * ```ts
 * const { graph } = await loadProject(ctx, input.configPath);
 * ```
 */
export async function loadProject(ctx: Context, configPath: string | undefined): Promise<Project> {
  const config = await loadConfig(findConfig(ctx.cwd, configPath, ctx.env), ctx.env);
  const revisions = await loadRevisionHeaders(config.versions, {
    extensions: CLI_REVISION_EXTENSIONS,
    cache: headerCachePath(config.versions, ctx.env),
  });
  return { config, revisions, graph: RevisionGraph.build(revisions) };
}
