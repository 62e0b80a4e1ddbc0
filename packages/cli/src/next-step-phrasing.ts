import type { NextStepPhrasing } from "@athanor/core/text";
import { revisionWord, stampWords } from "./format/shell-word.js";

/**
 * Core's suggested next steps (see `nextStep` in @athanor/core) as athanor command lines: core
 * names what to do, the CLI says which command does it. `main` installs this phrasing.
 *
 * @example
 * ```ts
 * CLI_PHRASING({ kind: "stamp", revisions: "a1", purge: true }); // "athanor stamp a1 --purge"
 * ```
 */
export const CLI_PHRASING: NextStepPhrasing = (step) => {
  switch (step.kind) {
    case "create-versions-folder":
      // init refuses a folder that already has a config, so it is only the way in a new project
      return "Create that folder, or point the config's `versions` (athanor.config.ts, or the file `-c` names) at the folder that holds your revisions; in a folder without a config, `athanor init` writes both.";
    case "list-revisions":
      return "Run `athanor history` to list revisions.";
    case "list-revisions-and-labels":
      return "`athanor history` lists revisions and `athanor branches` lists labels";
    case "where-ranges-go":
      return "ranges are accepted by `history -r` and with --sql only";
    case "read-recorded-state":
      return "`athanor status` shows what the database recorded, and the next command";
    case "resume-option":
      return "--resume";
    case "single-transaction-off":
      return "--no-single-transaction";
    case "run":
      return `athanor ${step.direction}${step.target === undefined ? "" : ` ${revisionWord(step.target)}`}${step.expandOnly ? " --phase expand" : ""}${step.resume ? " --resume" : ""}${step.eachRevision ? " --no-single-transaction" : ""}`;
    case "stamp":
      return `athanor stamp${stampWords(step)}${step.purge ? " --purge" : ""}`;
    case "current":
      return "athanor current";
    case "accept-checksums":
      return `athanor checksums accept ${step.revisions.map(revisionWord).join(" ")}`;
    case "fleet-status":
      return "athanor status --fleet";
    case "fleet-resume":
      return `athanor upgrade --fleet${step.expandOnly ? " --phase expand" : ""} --resume`;
  }
};
