import { withCliPhrasing } from "./cli-phrasing.js";
import headsCommand from "./commands/heads.js";
import { type ContextOptions, createContext } from "./context.js";
import { EXIT, reportError } from "./output.js";

// Built as one file of its own (scripts/bundle-package.mjs, SOLO_ENTRIES), as noop-upgrade.ts
// is: bin.js loads it for `heads`, so `heads` and `heads --json` answered from the heads summary
// read this file instead of main.js, the command registry and ~10 shared chunks
// (docs/performance.md, "`heads` and the no-op, twenty-third session"). Its CLI modules are
// copies of main.js's: nothing here may hold state another module reads.

/**
 * `heads` and `heads --json` — the command lines direct-command.ts gives `heads` without
 * options — run as main.ts runs them; undefined for any other command line (main then parses it).
 *
 * @example
 * ```ts
 * const code = await answerPlainHeads(["heads"]); // 0, or undefined for `heads --verbose`
 * ```
 */
export async function answerPlainHeads(
  argv: readonly string[],
  options: ContextOptions = {},
): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (name !== "heads" || rest.length > 1 || (rest.length === 1 && rest[0] !== "--json")) return undefined;
  const ctx = createContext(options, argv);
  return withCliPhrasing(async () => {
    try {
      await headsCommand.run(ctx, {
        args: [],
        options: rest.length === 1 ? { json: true } : {},
        configPath: undefined,
      });
      return EXIT.ok;
    } catch (error) {
      return reportError(ctx, error);
    }
  });
}
