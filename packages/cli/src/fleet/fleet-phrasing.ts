import { currentFleetTarget } from "@athanor/core";
import {
  currentNextStepPhrasing,
  type NextStep,
  type NextStepPhrasing,
  withNextStepPhrasing,
} from "@athanor/core/text";
import { revisionWord, shellWord, stampWords } from "../format/shell-word.js";

/**
 * Runs a fleet command with core's next steps phrased for the fleet. A target's own advice
 * (`athanor upgrade --resume` after a partial run, `athanor stamp r2` to undo one) would act on
 * the config's one database, never on that target — a plain upgrade or stamp there would change
 * the wrong database. So every step names the fleet and, when a target's run says it, that target
 * (`--fleet tenants --target eu-1`), each name quoted as one shell word.
 */
export async function withFleetPhrasing<T>(fleet: string, body: () => Promise<T>): Promise<T> {
  const outer: NextStepPhrasing = currentNextStepPhrasing();
  return withNextStepPhrasing((step) => onTheFleet(step, fleet, outer), body);
}

/** ` --fleet NAME [--target NAME]`: the fleet, and the target whose run is speaking. */
export function fleetAddress(fleet: string, target: string | undefined): string {
  return ` --fleet ${shellWord(fleet)}${target === undefined ? "" : ` --target ${shellWord(target)}`}`;
}

function onTheFleet(step: NextStep, fleet: string, outer: NextStepPhrasing): string {
  const on = fleetAddress(fleet, currentFleetTarget());
  switch (step.kind) {
    case "run":
      return `athanor ${step.direction}${step.target === undefined ? "" : ` ${revisionWord(step.target)}`}${on}${step.expandOnly ? " --phase expand" : ""}${step.resume ? " --resume" : ""}`;
    case "stamp":
      return `athanor stamp${stampWords(step)}${step.purge ? " --purge" : ""}${on}`;
    case "current":
      return `athanor current${on}`;
    case "read-recorded-state":
      return `\`athanor status${on}\` shows what each target recorded, and the next command`;
    case "fleet-status":
      return `athanor status${on}`;
    case "fleet-resume":
      return `athanor upgrade${on}${step.expandOnly ? " --phase expand" : ""} --resume`;
    case "accept-checksums":
      return `athanor checksums accept ${step.revisions.map(revisionWord).join(" ")}${on}`;
    default:
      return outer(step);
  }
}
