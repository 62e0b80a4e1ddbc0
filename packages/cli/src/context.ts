import type { PreparedUpgrade } from "./database/prepared-upgrade.js";
import { guardedWriter, type Writer } from "./terminal-guard.js";

// Defined beside the guard that wraps it, so context.ts and terminal-guard.ts import one way.
export type { Writer } from "./terminal-guard.js";

/**
 * Everything a command may know about the world it runs in. Injected, never read from globals,
 * so every command runs in-process in tests with captured output, a fixed clock and a fake TTY.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const ctx = createContext({ cwd: "/tmp/p", stdout: { write: (s) => out.push(s) } });
 * ```
 */
export interface Context {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Writer;
  readonly stderr: Writer;
  /**
   * stdout without the terminal guard that `stdout` and `stderr` apply: for data meant for
   * another program (`upgrade --sql` piped to psql must get its bytes exactly) and for
   * athanor's own cursor control. Never write text from files or the database to it otherwise.
   */
  readonly rawStdout: Writer;
  /** True when a human is at the terminal: prompts are allowed. */
  readonly isTTY: boolean;
  /**
   * True when stdout is a terminal, whatever stdin is (`athanor upgrade --sql < /dev/null`):
   * data written to {@link rawStdout} for another program is then shown escaped instead.
   */
  readonly stdoutIsTerminal: boolean;
  /** `--json` was given: stdout carries exactly one JSON document, errors included. */
  readonly json: boolean;
  /** Whether ANSI colours may be written to stderr/stdout. */
  readonly color: boolean;
  /** The clock; tests pin it so generated files are deterministic. */
  now(): Date;
  /**
   * What bin.js's no-op attempt (noop-upgrade.ts) did before a plain `upgrade` went on to the
   * full run: its config and stamped folder, used in place of reading them again.
   */
  readonly prepared?: PreparedUpgrade | undefined;
}

/** What a caller of `main` may override; the rest comes from the real process. */
export type ContextOptions = Partial<Omit<Context, "json" | "rawStdout">>;

/**
 * Builds the context for one run. `json` is decided from argv up front so that even a usage
 * error, found before any command runs, is reported as JSON.
 *
 * @example
 * ```ts
 * createContext({ cwd: "/tmp/p", isTTY: false }, ["heads", "--json"]).json; // true
 * ```
 */
export function createContext(options: ContextOptions, argv: readonly string[]): Context {
  const env = options.env ?? process.env;
  // stdout first: a piped or redirected run (deploys, CI) never creates process.stdin, whose
  // stream costs ~1 % of a no-op `upgrade`'s instructions
  const isTTY = options.isTTY ?? Boolean(process.stdout.isTTY && process.stdin.isTTY);
  const color = options.color ?? (isTTY && env.NO_COLOR === undefined);
  const stdoutIsTerminal = options.stdoutIsTerminal ?? options.isTTY ?? Boolean(process.stdout.isTTY);
  const stdout = options.stdout ?? process.stdout;
  return {
    cwd: options.cwd ?? process.cwd(),
    env,
    stdout: guardedWriter(stdout, { color }),
    stderr: guardedWriter(options.stderr ?? process.stderr, { color }),
    rawStdout: stdout,
    isTTY,
    stdoutIsTerminal,
    json: argv.includes("--json"),
    color,
    now: options.now ?? (() => new Date()),
    ...(options.prepared === undefined ? {} : { prepared: options.prepared }),
  };
}
