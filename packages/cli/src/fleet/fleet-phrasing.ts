import { type NextStep, type NextStepPhrasing, phraseNextStepsWith } from "@athanor/core/text";

/**
 * Runs a fleet command with core's next steps phrased for the fleet: a target's own advice
 * (`athanor upgrade --resume` after a partial run) would act on the config's one database,
 * never on that target — and a plain upgrade there would apply revisions to the wrong database.
 */
export async function withFleetPhrasing<T>(body: () => Promise<T>): Promise<T> {
  const outer: NextStepPhrasing = phraseNextStepsWith((step) => onTheFleet(step, outer));
  try {
    return await body();
  } finally {
    phraseNextStepsWith(outer);
  }
}

function onTheFleet(step: NextStep, outer: NextStepPhrasing): string {
  switch (step.kind) {
    case "run":
      // `downgrade --fleet` has no --resume; a stamp stays the target's own (`stamp --fleet`
      // would record it on every target)
      return step.direction === "downgrade" && step.resume === true
        ? outer(step)
        : `athanor ${step.direction}${step.target === undefined ? "" : ` ${step.target}`} --fleet${step.expandOnly ? " --phase expand" : ""}${step.resume ? " --resume" : ""}`;
    case "current":
      return "athanor current --fleet";
    case "read-recorded-state":
      return "`athanor status --fleet` shows what each target recorded, and the next command";
    default:
      return outer(step);
  }
}
