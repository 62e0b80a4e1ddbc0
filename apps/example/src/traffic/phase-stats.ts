/** Counters of one stretch of the rollout. */
export interface PhaseStats {
  readonly name: string;
  /** Which code served during the phase, e.g. "v1", "v1 + v2", "v2". */
  serving: string;
  requests: number;
  /** Requests that threw (a database error, a constraint, a missing column...). */
  failed: number;
  /** Requests that answered, but with data that disagrees with what was written. */
  wrong: number;
  byVersion: { v1: number; v2: number };
  /** The slowest request: how long the phase's DDL made live traffic wait. */
  maxLatencyMs: number;
  startedAt: number;
  endedAt: number | undefined;
}

/**
 * Requests and errors counted per phase of the rollout, plus the first few error messages.
 *
 * @example
 * ```ts
 * const stats = new RolloutStats();
 * stats.begin("expand", "v1");
 * stats.record("v1", 3.2, undefined);
 * ```
 */
export class RolloutStats {
  readonly phases: PhaseStats[] = [];
  readonly errors: string[] = [];
  #current: PhaseStats | undefined;

  /** Closes the current phase and opens the next. */
  begin(name: string, serving: string): void {
    this.end();
    this.#current = {
      name,
      serving,
      requests: 0,
      failed: 0,
      wrong: 0,
      byVersion: { v1: 0, v2: 0 },
      maxLatencyMs: 0,
      startedAt: performance.now(),
      endedAt: undefined,
    };
    this.phases.push(this.#current);
  }

  /** The phase now running. */
  get current(): PhaseStats | undefined {
    return this.#current;
  }

  end(): void {
    if (this.#current !== undefined) this.#current.endedAt = performance.now();
    this.#current = undefined;
  }

  /** Counts one request; `problem` is its error or wrong answer, if any. */
  record(
    version: "v1" | "v2",
    latencyMs: number,
    problem: { kind: "failed" | "wrong"; message: string } | undefined,
  ): void {
    const phase = this.#current;
    if (phase === undefined) return;
    phase.requests++;
    phase.byVersion[version]++;
    phase.maxLatencyMs = Math.max(phase.maxLatencyMs, latencyMs);
    if (problem === undefined) return;
    phase[problem.kind]++;
    if (this.errors.length < 20)
      this.errors.push(`[${phase.name}, ${version}] ${problem.kind}: ${problem.message}`);
  }

  get failed(): number {
    return this.phases.reduce((sum, p) => sum + p.failed, 0);
  }

  get wrong(): number {
    return this.phases.reduce((sum, p) => sum + p.wrong, 0);
  }

  get requests(): number {
    return this.phases.reduce((sum, p) => sum + p.requests, 0);
  }
}
