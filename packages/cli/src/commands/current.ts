import { current } from "@athanor/core/runner";
import { inertText } from "@athanor/core/text";
import { defineCommand } from "../command.js";
import { withDatabaseRun } from "../database/open-database-run.js";
import { currentFleetCommand } from "../fleet/fleet-command.js";
import {
  CONCURRENCY_OPTION,
  FLEET_OPTION,
  type FleetCommandOptions,
  refuseFleetFlagsAlone,
  TARGET_OPTION,
} from "../fleet/fleet-options.js";
import { RevisionView } from "../format/revision-view.js";
import { printJson, printLines } from "../output.js";
import { partialRunLine } from "../status/partial-run-line.js";
import { waitingLines, waitingRevisions } from "../status/waiting-contract.js";

/**
 * `athanor current [--verbose] [--json]`: the revisions in the version table, one line each
 * (nothing at base, like Alembic). Reads only: takes no lock and creates no table. Heads no file
 * declares are shown as unknown, with the `stamp --purge` way out. Pending contract steps, and
 * the revisions that build on them, are listed with why they wait.
 */
export default defineCommand<{ verbose?: boolean; json?: boolean } & FleetCommandOptions>({
  name: "current",
  summary: "Show the revisions the database is at",
  json: true,
  options: [
    { flags: "-v, --verbose", description: "show the database and full entries" },
    FLEET_OPTION,
    TARGET_OPTION,
    CONCURRENCY_OPTION,
  ],
  async run(ctx, { options, configPath }) {
    if (options.fleet !== undefined) return currentFleetCommand(ctx, configPath, options);
    refuseFleetFlagsAlone(options);
    await withDatabaseRun(ctx, configPath, { mustExist: true }, async (db) => {
      const { migration, graph } = db;
      const state = await current(migration, { singleTransaction: db.config.singleTransaction });
      const waiting = waitingRevisions(graph, state.heads);
      if (options.json) {
        printJson(ctx, {
          database: db.description,
          heads: state.heads,
          unknownHeads: state.unknownHeads,
          applied: state.applied,
          partial: state.partial,
          partialRuns: state.partialRuns,
          tablesExist: state.tablesExist,
          waiting,
        });
        return;
      }
      const view = new RevisionView(graph, ctx);
      const known = state.heads.filter((id) => !state.unknownHeads.includes(id));
      // a partial upgrade is not in the version table yet: it gets a line of its own
      const partial = state.partialRuns.map(
        (run) => `${inertText(run.revision)} (partial: ${partialRunLine(run)})`,
      );
      const unknown = state.unknownHeads.map(
        (id) =>
          `${inertText(id)} (unknown: no revision file declares it; recover with \`athanor stamp <revision> --purge\`)`,
      );
      if (!options.verbose) {
        printLines(ctx, [
          ...known.map((id) => view.headLine(id)),
          ...partial,
          ...unknown,
          ...waitingLines(waiting),
        ]);
        return;
      }
      const summary =
        state.heads.length === 0
          ? `No revision applied (base)${state.tablesExist ? "" : "; the version table does not exist yet"}.`
          : `${state.applied.length} revision${state.applied.length === 1 ? "" : "s"} applied; version table heads: ${inertText(state.heads.join(", "))}.`;
      printLines(ctx, [
        `Database: ${db.description}`,
        summary,
        ...known.flatMap((id) => ["", ...view.logEntry(id)]),
        ...partial.flatMap((line) => ["", line]),
        ...unknown.flatMap((line) => ["", line]),
        ...(waiting.length > 0 ? ["", ...waitingLines(waiting)] : []),
      ]);
    });
  },
});
