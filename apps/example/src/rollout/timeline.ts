import { formatBackfillEvent, type RunnerEvent } from "@athanor/core";

/** Where the rollout's lines go (stdout for the demo, an array in tests). */
export type Print = (line: string) => void;

const color = process.stdout.isTTY && process.env.NO_COLOR === undefined;
const paint = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
/** Terminal styles, plain text when stdout is not a terminal or NO_COLOR is set. */
export const style = {
  bold: paint("1"),
  dim: paint("2"),
  green: paint("32"),
  red: paint("31"),
  cyan: paint("36"),
};

/**
 * Prints the rollout as a timeline: numbered steps with the elapsed time, the commands a user
 * would type, and the migration runner's progress (revisions and backfill batches).
 *
 * @example
 * ```ts
 * const timeline = new Timeline(console.log);
 * timeline.step("expand", "v1 keeps serving while new columns appear");
 * timeline.command("athanor upgrade --phase expand");
 * ```
 */
export class Timeline {
  readonly #started = performance.now();
  #steps = 0;

  constructor(readonly print: Print) {}

  /** Seconds since the rollout started, as `  12.3s`. */
  clock(): string {
    return `${((performance.now() - this.#started) / 1000).toFixed(1).padStart(6)}s`;
  }

  step(title: string, why: string): void {
    this.#steps++;
    this.print("");
    this.print(`${style.dim(this.clock())}  ${style.bold(`${this.#steps}. ${title}`)}`);
    this.print(`         ${style.dim(why)}`);
  }

  command(text: string): void {
    this.print(`         ${style.cyan(`$ ${text}`)}`);
  }

  note(text: string): void {
    this.print(`         ${text}`);
  }

  /** Turns the runner's progress events into timeline lines. */
  onRunnerEvent = (event: RunnerEvent): void => {
    switch (event.type) {
      case "step-start":
        this.note(
          `${style.dim(this.clock())} ${event.direction === "upgrade" ? "↑" : "↓"} ${event.revision}`,
        );
        return;
      case "step-end":
        this.note(
          `${style.dim(this.clock())}   ${event.result.status} in ${Math.round(event.result.durationMs)} ms${event.result.error ? `: ${event.result.error.message}` : ""}`,
        );
        return;
      case "backfill-start":
      case "backfill-progress":
      case "backfill-end":
        this.note(`${style.dim(this.clock())}   ${formatBackfillEvent(event)}`);
        return;
      default:
        return;
    }
  };
}
