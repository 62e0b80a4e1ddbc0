import type { RevisionGraph } from "@athanor/core";
import {
  type BackfillEvent,
  formatBackfillEvent,
  type RunnerEvent,
  type StepDirection,
  type StepResult,
} from "@athanor/core/preflight";
import { inertText } from "@athanor/core/text";
import { type Colors, createColors } from "../colors.js";
import type { Context } from "../context.js";
import { backfillLiveLine } from "./backfill-progress-line.js";
import { formatDuration } from "./format-duration.js";
import type { LockWaitEvent } from "./lock-wait-reporter.js";

/** A terminal's live backfill line is redrawn at most this often. */
const REDRAW_MS = 100;
/** Piped output gets a backfill progress line at most this often. */
const PLAIN_EVERY_MS = 5_000;

const VERB: Readonly<Record<StepResult["status"], string>> = {
  applied: "applied ",
  failed: "FAILED  ",
  partial: "PARTIAL ",
  not_run: "skipped ",
  rolled_back: "rolled back ",
};

/**
 * Prints a run as it happens: one line per revision with its timing (on stdout), backfill progress
 * (a live bar on a TTY, throttled plain lines elsewhere), and lock waits
 * (on stderr, so they show even with `--json`). On a TTY the revision being applied shows as a
 * live line that its result then replaces; elsewhere only finished lines are written, so logs
 * stay plain. With `--json` revision lines are left out: stdout holds the final document only.
 *
 * @example
 * ```ts
 * const printer = new ProgressPrinter(ctx, graph);
 * await upgrade({ ...options, onProgress: (e) => printer.onRunnerEvent(e) }, "heads");
 * ```
 */
export class ProgressPrinter {
  readonly #colors: Colors;
  #liveLine = false;
  /** When the last backfill line was drawn (ms since the epoch), to throttle redraws. */
  #lastBackfillLine: number | undefined;
  #fleet = false;
  /** Step lines may wait for the next step's send (see {@link deferStepLines}). */
  #defer = false;
  /** A finished step's result whose line is not written yet. */
  #pending: StepResult | undefined;
  /** The last step ran inside the run's one transaction, not committed yet. */
  #uncommitted = false;

  constructor(
    readonly ctx: Context,
    /** Names the revisions of step lines (a no-op answered from its summary has none: any lookup). */
    readonly graph: Pick<RevisionGraph, "get">,
  ) {
    this.#colors = createColors(ctx.color);
  }

  /**
   * Leaves revision and backfill lines out: a fleet runs several targets at once, whose lines would
   * interleave naming no target (and fight over a terminal's live line); the fleet prints one
   * `[n/N]` line per target instead.
   */
  forFleet(): void {
    this.#fleet = true;
  }

  /**
   * Lets a finished revision's line wait until the next revision's statements are on their way
   * (docs/performance.md, "MariaDB apply and revert, twenty-first session"): on piped output, the
   * line of revision N is written one event-loop turn after revision N+1 starts — its batch is
   * then handed to the driver when it was prepared ahead — instead of between N's reply and
   * N+1's send. Text and order stay the same: any other line this printer writes, the run's last
   * revision, a revision that did not apply, and {@link flush} (called by the command once the
   * run returns, before its summary) write the waiting line first. Not for `--echo-sql`, whose
   * statements share stdout.
   */
  deferStepLines(): void {
    this.#defer = true;
  }

  /** Writes the finished revision's line that is still waiting, if any. */
  flush(): void {
    const result = this.#pending;
    if (result === undefined) return;
    this.#pending = undefined;
    this.ctx.stdout.write(`${this.resultLine(result)}\n`);
  }

  onRunnerEvent(event: RunnerEvent): void {
    if (this.ctx.json || this.#fleet) return;
    if (event.type === "step-start" && this.#pending !== undefined && !this.ctx.isTTY) {
      setImmediate(() => this.flush());
      return;
    }
    this.flush();
    if (
      event.type === "backfill-start" ||
      event.type === "backfill-progress" ||
      event.type === "backfill-throttle" ||
      event.type === "backfill-end"
    ) {
      this.#onBackfill(event);
    } else if (event.type === "step-start" && this.ctx.isTTY) {
      const line = `${this.#colors.dim("…")} ${event.direction.padEnd(8)} ${this.transition(event.revision, event.direction)}`;
      this.ctx.stdout.write(`${line}${this.#colors.dim(` [${event.index + 1}/${event.total}]`)}`);
      this.#liveLine = true;
    } else if (event.type === "step-end") {
      this.#clearLiveLine();
      this.#uncommitted = event.uncommitted === true;
      const waits =
        this.#defer && !this.ctx.isTTY && event.result.status === "applied" && event.index + 1 < event.total;
      if (waits) this.#pending = event.result;
      else this.ctx.stdout.write(`${this.resultLine(event.result)}\n`);
    } else if (event.type === "run-transaction") {
      this.ctx.stdout.write(`${this.#runTransactionLine(event.outcome, event.revisions, event.heads)}\n`);
    }
  }

  onLockEvent(event: LockWaitEvent): void {
    this.flush();
    const holder = event.holderPid === null ? "another session" : `pid ${event.holderPid}`;
    const line =
      event.type === "waiting"
        ? `waiting for the migration lock held by ${holder} …`
        : `waited ${formatDuration(event.waitedMs)} for the migration lock held by ${holder}`;
    this.ctx.stderr.write(`${this.#colors.yellow(line)}\n`);
  }

  /**
   * A single-transaction run's end: nothing before this line is committed (its revision lines
   * say `ran`), and a rollback is only reported once the version table was read back.
   */
  #runTransactionLine(
    outcome: "committed" | "rolled-back" | "unknown",
    revisions: number,
    heads: readonly string[] | undefined,
  ): string {
    const c = this.#colors;
    const n = `${revisions} revision${revisions === 1 ? "" : "s"}`;
    if (outcome === "committed") return `${c.green("committed")} ${n} in one transaction`;
    if (outcome === "rolled-back")
      return `${c.red(c.bold("rolled back"))} the run's one transaction (${n} had run in it); the version table, read back, is as before the run`;
    if (heads !== undefined)
      return c.red(
        c.bold(
          `not one transaction: the version table, read back, is at ${heads.length === 0 ? "<base>" : heads.map(inertText).join(", ")}, neither as before the run nor where it leads`,
        ),
      );
    return c.red(c.bold("unknown: whether the run's one transaction committed could not be read back"));
  }

  /** `applied  1975ea83b712 -> ae1027a6acf0, add a column  12 ms` */
  resultLine(result: StepResult): string {
    const c = this.#colors;
    if (result.direction === "stamp")
      return `${c.green("stamped ")} ${this.#withMessage(result.revision, result.revision)}`;
    // inside a single transaction nothing is committed until the run's COMMIT: the line says `ran`
    const verb =
      result.status === "applied" && this.#uncommitted
        ? c.dim("ran     ")
        : result.status === "applied"
          ? c.green(result.direction === "downgrade" ? "reverted" : VERB.applied)
          : result.status === "not_run"
            ? c.dim(VERB.not_run)
            : c.red(c.bold(VERB[result.status]));
    return `${verb} ${this.transition(result.revision, result.direction)}  ${c.dim(formatDuration(result.durationMs))}`;
  }

  /** `parent -> id, message` going up, `id -> parent, message` going down. */
  transition(id: string, direction: StepDirection): string {
    const revision = this.graph.get(id);
    if (revision === undefined) return id;
    const parents =
      revision.parents.length === 0
        ? "<base>"
        : revision.parents.length === 1
          ? (revision.parents[0] as string)
          : `(${revision.parents.join(", ")})`;
    return this.#withMessage(id, direction === "downgrade" ? `${id} -> ${parents}` : `${parents} -> ${id}`);
  }

  #withMessage(id: string, text: string): string {
    const message = inertText(this.graph.get(id)?.message ?? "");
    return message === "" ? text : `${text}, ${message}`;
  }

  /**
   * A backfill on a terminal is one live line (bar, rows, rows/s, ETA) redrawn at most every
   * {@link REDRAW_MS}; piped, one plain line when it starts, then at most one per
   * {@link PLAIN_EVERY_MS}, and its summary when it ends.
   */
  #onBackfill(event: BackfillEvent): void {
    const now = this.ctx.now().getTime();
    if (event.type === "backfill-end") {
      this.#clearLiveLine();
      this.ctx.stdout.write(
        `${formatBackfillEvent({ ...event, summary: { ...event.summary, table: inertText(event.summary.table) } })}\n`,
      );
      this.#lastBackfillLine = undefined;
      return;
    }
    if (this.ctx.isTTY) {
      if (
        event.type === "backfill-progress" &&
        this.#lastBackfillLine !== undefined &&
        now - this.#lastBackfillLine < REDRAW_MS
      )
        return;
      this.#clearLiveLine();
      const line =
        event.type === "backfill-progress"
          ? backfillLiveLine(event)
          : formatBackfillEvent({ ...event, table: inertText(event.table) });
      this.ctx.stdout.write(this.#colors.dim(line));
      this.#liveLine = true;
    } else {
      if (
        event.type === "backfill-progress" &&
        this.#lastBackfillLine !== undefined &&
        now - this.#lastBackfillLine < PLAIN_EVERY_MS
      )
        return;
      this.ctx.stdout.write(`${formatBackfillEvent({ ...event, table: inertText(event.table) })}\n`);
    }
    this.#lastBackfillLine = now;
  }

  #clearLiveLine(): void {
    if (!this.#liveLine) return;
    this.ctx.rawStdout.write("\r\x1b[2K");
    this.#liveLine = false;
  }
}
