import type { ClusterStatus } from "../dialect/dialect.js";
import { type PreparedRun, prepareRun } from "./prepare-run.js";
import type { RunnerOptions } from "./runner-options.js";
import { withSession } from "./session.js";

/**
 * What the database says about its cluster (Galera's size and state, a primary's streaming
 * replicas and their lag), read without the lock for `athanor status`; null when the server is
 * not clustered or the dialect cannot tell.
 *
 * @example
 * ```ts
 * const cluster = await readClusterStatus({ dialect, revisions: "migrations/versions" });
 * if (cluster) console.log(cluster.summary);
 * ```
 */
export async function readClusterStatus(options: RunnerOptions | PreparedRun): Promise<ClusterStatus | null> {
  const run = await prepareRun(options);
  const { dialect } = run.options;
  if (dialect.clusterStatus === undefined) return null;
  const read = dialect.clusterStatus.bind(dialect);
  return withSession(run.options, { lock: false }, ({ conn }) => read(conn));
}
