import type { Context } from "../context.js";
import { exitOnPurpose } from "../process-guards.js";

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
type StopSignal = keyof typeof SIGNAL_NUMBERS;

/**
 * Ctrl-C and SIGTERM during `upgrade`/`downgrade`. The first signal asks the runner to stop at
 * the next safe point (between statements or backfill batches: the open transaction rolled
 * back, the attempt recorded, the lock released) and the command exits 130 / 143 after printing
 * where the database is. A second signal stops at once: the process exits, the server rolls
 * back the open transaction and drops the lock, and the durable progress record still says
 * exactly how far the revision got.
 *
 * @example
 * ```ts
 * const stop = new GracefulStop(ctx);
 * try { await upgrade(run.migration, "heads", { signal: stop.signal }); } finally { stop.dispose(); }
 * ```
 */
export class GracefulStop {
  private readonly controller = new AbortController();
  private received: StopSignal | undefined;
  private readonly handlers: [StopSignal, () => void][];

  constructor(
    private readonly ctx: Pick<Context, "stderr">,
    /** Writes what must come before this class's lines (a revision line still waiting to be written). */
    private readonly flushFirst: () => void = () => undefined,
  ) {
    this.handlers = (Object.keys(SIGNAL_NUMBERS) as StopSignal[]).map((name) => [name, () => this.on(name)]);
    for (const [name, handler] of this.handlers) process.on(name, handler);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** 130 after SIGINT, 143 after SIGTERM (128 + the signal number, as shells report it). */
  exitCode(): number {
    return 128 + SIGNAL_NUMBERS[this.received ?? "SIGINT"];
  }

  dispose(): void {
    for (const [name, handler] of this.handlers) process.removeListener(name, handler);
  }

  private on(name: StopSignal): void {
    this.flushFirst();
    if (this.received !== undefined) {
      this.ctx.stderr.write(
        `${name} again: stopping at once. The database rolls back the open transaction; \`athanor status\` shows what was recorded.\n`,
      );
      exitOnPurpose(128 + SIGNAL_NUMBERS[name]);
    }
    this.received = name;
    this.ctx.stderr.write(
      `${name}: stopping after the current statement or backfill batch (send it again to stop at once) …\n`,
    );
    this.controller.abort(name);
  }
}
