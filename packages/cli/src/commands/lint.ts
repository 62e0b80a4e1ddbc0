import { AthanorError } from "@athanor/core/errors";
import { defineCommand } from "../command.js";
import { lintProject } from "../lint/lint-project.js";
import { lintReportJson, printLintReport } from "../lint/print-lint-report.js";
import { EXIT, printJson } from "../output.js";

interface LintOptions {
  revRange?: string;
  serverVersion?: string;
  json?: boolean;
}

/**
 * `athanor lint [RANGE] [-r RANGE] [--server-version V] [--json]`: checks every operation of
 * every revision in range (default: the whole history) against the dialect's lint rules, without
 * a database. Exits 1 when any finding is an error, 0 otherwise (warnings and infos included).
 */
export default defineCommand<LintOptions>({
  name: "lint",
  summary: "Check revisions for operations that lock, rewrite or scan tables, or break running code",
  arguments: ["[range]"],
  json: true,
  options: [
    {
      flags: "-r, --rev-range <range>",
      description: "only revisions in START:END (either side optional), e.g. base:heads, ae10:",
    },
    {
      flags: "--server-version <version>",
      description:
        "the target server's version, e.g. 11, 15.4, 8.0.29, 10.11.6-MariaDB (default: a current one)",
    },
  ],
  async run(ctx, { args, options, configPath }) {
    const positional = args[0];
    if (positional !== undefined && options.revRange !== undefined && positional !== options.revRange) {
      throw new AthanorError(
        "ATHANOR_USAGE",
        `Two ranges were given (${positional} and -r ${options.revRange}); give one.`,
        { range: positional, revRange: options.revRange },
      );
    }
    const range = positional ?? options.revRange;
    const { project, report } = await lintProject(ctx, configPath, {
      range,
      serverVersion: options.serverVersion,
    });
    if (options.json) printJson(ctx, { range: range ?? null, ...lintReportJson(ctx, report) });
    else printLintReport(ctx, report, { describeRevision: (id) => project.graph.get(id)?.message });
    return report.counts.error > 0 ? EXIT.failure : EXIT.ok;
  },
});
