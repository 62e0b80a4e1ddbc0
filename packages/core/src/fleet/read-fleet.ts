import type { PreparedRun } from "../runner/prepare-run.js";
import type { FleetTarget } from "./fleet-target.js";
import { type FleetResult, type FleetRunOptions, runFleet } from "./run-fleet.js";
import { emptyFleet, type FleetSource, prepareFleet } from "./upgrade-fleet.js";

/** What a read of one target found: its heads and the reader's own value. */
export interface TargetReading<T> {
  readonly heads: readonly string[];
  readonly value: T;
}

/** The fleet's records (`unchanged` when read, `failed` when the reader threw) and each value read. */
export interface FleetReading<T> extends FleetResult {
  /** By target name; a failed target has none. */
  readonly values: ReadonlyMap<string, T>;
}

/**
 * Runs a read on every target (no lock, nothing written): the same bounded concurrency and
 * per-server session reuse as {@link upgradeFleet}. `read` gets the target's context, whose
 * dialect's `connect()` lends a pooled session switched to the target's schema; a thrown error
 * (a coded one says why, e.g. ATHANOR_SCHEMA_DRIFT) is the target's failure.
 *
 * @example
 * ```ts
 * const { values } = await readFleet({ revisions, targets }, async (run) => ({ heads: [], value: 1 }));
 * ```
 */
export async function readFleet<T>(
  options: FleetSource & FleetRunOptions,
  read: (run: PreparedRun, target: FleetTarget, signal: AbortSignal) => Promise<TargetReading<T>>,
): Promise<FleetReading<T>> {
  const prepared = await prepareFleet(options);
  if (prepared === undefined) return { ...emptyFleet(), values: new Map() };
  const values = new Map<string, T>();
  const result = await runFleet(
    prepared,
    options,
    async (run, signal, target) => {
      const { heads, value } = await read(run, target, signal);
      values.set(target.name, value);
      return { before: heads, after: heads, revisions: [] };
    },
    { locks: false },
  );
  return { ...result, values };
}
