import type { Context } from "./context.js";

/** One command-line option, in commander's flag syntax. */
export interface OptionDefinition {
  /** e.g. `"-m, --message <text>"`, `"--splice"`, `"--depends-on <rev>"`. */
  readonly flags: string;
  readonly description: string;
  /** Collect every occurrence into an array (`--depends-on a --depends-on b`). */
  readonly repeatable?: boolean;
  readonly choices?: readonly string[];
}

/** What a command receives after parsing. */
export interface CommandInput<Options> {
  /** Positional arguments, in declaration order (a variadic one is flattened at the end). */
  readonly args: readonly string[];
  readonly options: Options;
  /** `--config PATH`, when given. */
  readonly configPath?: string | undefined;
}

/**
 * A command: its command-line shape and the code that runs it. Each lives in its own file in
 * `src/commands/` and is registered with one line in `commands/registry.ts`. Heavy imports belong
 * inside `run` (dynamic `import()`), so listing commands start fast.
 *
 * @example
 * ```ts
 * export default defineCommand<{ verbose?: boolean }>({
 *   name: "heads",
 *   summary: "Show the current heads",
 *   json: true,
 *   options: [{ flags: "-v, --verbose", description: "Show full entries" }],
 *   async run(ctx, { options }) { ... },
 * });
 * ```
 */
export interface CommandDefinition<Options = Record<string, unknown>> {
  readonly name: string;
  readonly summary: string;
  /** Positional arguments in commander syntax: `"<rev>"`, `"[rev]"`, `"<revisions...>"`. */
  readonly arguments?: readonly string[];
  readonly options?: readonly OptionDefinition[];
  /** Adds `--json`. Every command that reports something should set it. */
  readonly json?: boolean;
  /**
   * Does the work. Returning a number sets the exit code (a command that already printed its own
   * outcome, e.g. a run whose revision failed); throwing reports the error with exit code 1 or 2.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: most commands are plain `async run() {}`
  run(ctx: Context, input: CommandInput<Options>): Promise<void | number>;
}

/**
 * Identity helper that types `run`'s options.
 *
 * @example
 * ```ts
 * export default defineCommand<{ message?: string }>({ name: "x", summary: "...", async run() {} });
 * ```
 */
export function defineCommand<Options>(definition: CommandDefinition<Options>): CommandDefinition<Options> {
  return definition;
}
