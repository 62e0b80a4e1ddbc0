import { withCliPhrasing } from "./cli-phrasing.js";
import { findConfig } from "./config/find-config.js";
import { loadConfig } from "./config/load-config.js";
import { type ContextOptions, createContext } from "./context.js";
import { configStampOf } from "./database/folder-stamps.js";
import { noopPreflight } from "./database/noop-preflight.js";
import type { PreparedUpgrade } from "./database/prepared-upgrade.js";
import { reportRun } from "./database/report-run.js";
import { reportError } from "./output.js";

// Built as one file of its own (scripts/bundle-package.mjs, SOLO_ENTRIES), not split into the
// CLI's shared chunks: bin.js loads it for `upgrade`, and a no-op confirmed from the folder's
// summary then needs this file and no other of the CLI's (~20 fewer for Node's ESM loader to
// resolve, read and compile; docs/performance.md, "No-op upgrade, fifteenth session"). Its CLI
// modules are copies of main.js's: nothing here may hold state another module reads (the
// process guards stay in process-guards.js, which bin.js loads once for both).

/**
 * `upgrade`, `upgrade head(s)` with or without `--json` — what deploys run at every start — as
 * far as the no-op summary goes: the steps and output of main.ts's path for that command line
 * (config, stamp, lock, one read, unlock). Returns the exit code when the summary answered or a
 * step failed (reported as main reports it), the prepared run when the full upgrade must go on
 * (main.ts, with `{ prepared }`), and undefined for any other command line.
 *
 * @example
 * ```ts
 * const first = await answerPlainUpgrade(["upgrade"]);
 * if (typeof first !== "number") return main(argv, first === undefined ? {} : { prepared: first });
 * ```
 */
export async function answerPlainUpgrade(
  argv: readonly string[],
  options: ContextOptions = {},
): Promise<number | PreparedUpgrade | undefined> {
  const target = plainUpgradeTarget(argv);
  if (target === false) return undefined;
  const ctx = createContext(options, argv);
  return withCliPhrasing(async () => {
    try {
      const configFile = findConfig(ctx.cwd, undefined, ctx.env);
      const configStamp = configStampOf(configFile);
      const config = await loadConfig(configFile, ctx.env);
      const preflight = await noopPreflight(
        ctx,
        config,
        {
          target: target ?? "head",
          answer: (result, run) =>
            reportRun(ctx, run, result, { command: "upgrade", target: target ?? "heads" }),
        },
        undefined,
      );
      return preflight.answered?.value ?? { configFile, configStamp, config, folder: preflight.folder };
    } catch (error) {
      return reportError(ctx, error);
    }
  });
}

/**
 * The target of a plain `upgrade` command line (undefined: none given), or false for anything
 * else: exactly the lines direct-command.ts gives `upgrade` without options, which
 * run-migration.ts treats as a plain upgrade.
 */
function plainUpgradeTarget(argv: readonly string[]): string | undefined | false {
  const [name, ...rest] = argv;
  const args = rest.filter((arg) => arg !== "--json");
  if (name !== "upgrade" || rest.length - args.length > 1 || args.length > 1) return false;
  const [target] = args;
  return target === undefined || target === "head" || target === "heads" ? target : false;
}
