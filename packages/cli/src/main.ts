import { withCliPhrasing } from "./cli-phrasing.js";
import { type ContextOptions, createContext } from "./context.js";
import { directCommand } from "./direct-command.js";
import { EXIT, reportError } from "./output.js";

/**
 * Runs the CLI and returns the exit code (0 ok, 1 failure, 2 usage). Never calls
 * `process.exit` and never throws, so tests run it in-process with a fake context.
 *
 * A command name followed only by positional arguments (and `--json`) runs without commander
 * (direct-command.ts): the no-op `upgrade` at every application start and `heads` load neither
 * commander nor Node's CommonJS loader. Everything else is parsed by commander (program.ts).
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const code = await main(["heads", "--json"], { cwd: "/tmp/p", stdout: { write: (s) => out.push(s) } });
 * ```
 */
export async function main(argv: readonly string[], options: ContextOptions = {}): Promise<number> {
  const ctx = createContext(options, argv);
  // core's messages suggest next steps; in this run they are athanor command lines (a library
  // call elsewhere in a caller's process keeps the library's words)
  return withCliPhrasing(async () => {
    try {
      const direct = await directCommand(argv);
      if (direct === undefined) return await (await import("./program.js")).runProgram(ctx, argv);
      const code = await direct.definition.run(ctx, direct.input);
      return typeof code === "number" ? code : EXIT.ok;
    } catch (error) {
      return reportError(ctx, error);
    }
  });
}
