import type { PreparedRun } from "../runner/prepare-run.js";
import { readRunState } from "../runner/run-state.js";
import { withSession } from "../runner/session.js";

/**
 * The heads of a target whose run threw instead of returning (refused before running: a partial
 * run to resume, a changed rendering, …), read without the lock; empty when they cannot be read.
 * Without it the record said the target was at `<base>` ("now at <base>") wherever it was.
 *
 * @example
 * ```ts
 * const heads = await headsAfterRefusal(run); // ["r1"]
 * ```
 */
export async function headsAfterRefusal(run: PreparedRun): Promise<readonly string[]> {
  try {
    return await withSession(
      run.options,
      { lock: false },
      async ({ conn }) => (await readRunState(conn, run.sql)).heads,
    );
  } catch {
    return [];
  }
}
