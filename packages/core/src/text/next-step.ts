import { AsyncLocalStorage } from "node:async_hooks";

/**
 * A next step an error message suggests, named by what it does rather than by a command line.
 * Core's messages never name a CLI command: they ask {@link nextStep} for the words, which are
 * the library API's by default and the CLI's command lines inside a CLI run
 * ({@link withNextStepPhrasing}).
 *
 * @example
 * ```ts
 * `Fix it with \`${nextStep({ kind: "stamp", placeholder: "<heads>", purge: true })}\`.`
 * ```
 */
export type NextStep =
  /** A full sentence: how to get the versions folder that was not found. */
  | { readonly kind: "create-versions-folder" }
  /** A full sentence: where the revision ids are listed. */
  | { readonly kind: "list-revisions" }
  /** A clause: where ids and branch labels are listed. */
  | { readonly kind: "list-revisions-and-labels" }
  /** A clause: what accepts a `start:end` range. */
  | { readonly kind: "where-ranges-go" }
  /** A clause: how to read what the database recorded after a lost connection. */
  | { readonly kind: "read-recorded-state" }
  /** The option that resumes a partial run. */
  | { readonly kind: "resume-option" }
  /** The setting that runs one transaction per revision instead of one for the whole run. */
  | { readonly kind: "single-transaction-off" }
  /** A call or command: an upgrade or downgrade, optionally to one revision, optionally resumed. */
  | {
      readonly kind: "run";
      readonly direction: "upgrade" | "downgrade";
      readonly target?: string | undefined;
      readonly resume?: boolean | undefined;
      /** Upgrade only: stop before contract revisions (the deploy's first stage). */
      readonly expandOnly?: boolean | undefined;
      /** One transaction per revision, where the setting asks for one for the whole run (a resume cannot be). */
      readonly eachRevision?: boolean | undefined;
    }
  /**
   * A call or command: record the database at `revisions` (space-separated ids, each quoted by a
   * front end, since an id may hold any text) without running them; or, with no ids to name,
   * `placeholder` (`<heads>`), words for the user to replace, shown as they are.
   */
  | {
      readonly kind: "stamp";
      readonly revisions?: string | undefined;
      readonly placeholder?: string | undefined;
      readonly purge?: boolean | undefined;
    }
  /** A call or command: read the version table. */
  | { readonly kind: "current" }
  /** A call or command: accept the changed files of applied revisions. */
  | { readonly kind: "accept-checksums"; readonly revisions: readonly string[] }
  /** A call or command: read every fleet target's recorded state. */
  | { readonly kind: "fleet-status" }
  /** A call or command: resume the partial revisions of a fleet run. */
  | { readonly kind: "fleet-resume"; readonly expandOnly?: boolean | undefined };

/** Words for every {@link NextStep}. */
export type NextStepPhrasing = (step: NextStep) => string;

/** The library's words: the API a program calls. */
export const LIBRARY_PHRASING: NextStepPhrasing = (step) => {
  switch (step.kind) {
    case "create-versions-folder":
      return "Create it, or point the `revisions` option at the folder that holds your revisions.";
    case "list-revisions":
      return "The revision files' headers declare the ids.";
    case "list-revisions-and-labels":
      return "the revision files' headers declare both";
    case "where-ranges-go":
      return "ranges are accepted by revisionsInRange() and renderSql() only";
    case "read-recorded-state":
      return "current() reads what the database recorded";
    case "resume-option":
      return "{ resume: true }";
    case "single-transaction-off":
      return "{ singleTransaction: false }";
    case "run": {
      const settings = [
        ...(step.expandOnly ? ['phase: "migrate"'] : []),
        ...(step.resume ? ["resume: true"] : []),
        ...(step.eachRevision ? ["singleTransaction: false"] : []),
      ];
      const args = [
        "options",
        ...(step.target === undefined ? [] : [JSON.stringify(step.target)]),
        ...(settings.length === 0 ? [] : [`{ ${settings.join(", ")} }`]),
      ];
      return `${step.direction}(${args.join(", ")})`;
    }
    case "stamp": {
      const targets = (step.revisions ?? step.placeholder ?? "<revisions>")
        .split(" ")
        .map((r) => JSON.stringify(r));
      return `stamp(options, [${targets.join(", ")}]${step.purge ? ", { purge: true }" : ""})`;
    }
    case "current":
      return "current(options)";
    case "accept-checksums":
      return `acceptChecksum(options, [${step.revisions.map((r) => JSON.stringify(r)).join(", ")}])`;
    case "fleet-status":
      return "currentFleet(options)";
    case "fleet-resume":
      return `upgradeFleet({ ...options, ${step.expandOnly ? 'phase: "migrate", ' : ""}resume: true })`;
  }
};

// Kept on globalThis under registered symbols, so a second copy of core in the same process
// (a project's own install beside the CLI's) speaks the same language. A front end's words hold
// for one run (withNextStepPhrasing): a library call in the same process, after or beside it,
// keeps the library's.
const PHRASING = Symbol.for("athanor.nextStepPhrasing");
const SCOPE = Symbol.for("athanor.nextStepPhrasingScope");
const slot = globalThis as {
  [PHRASING]?: NextStepPhrasing;
  [SCOPE]?: AsyncLocalStorage<NextStepPhrasing>;
};
slot[SCOPE] ??= new AsyncLocalStorage<NextStepPhrasing>();
const scope = slot[SCOPE];

/** The phrasing in use here: the run's own ({@link withNextStepPhrasing}), else the process's. */
export function currentNextStepPhrasing(): NextStepPhrasing {
  return scope.getStore() ?? slot[PHRASING] ?? LIBRARY_PHRASING;
}

/**
 * The words for `step` in the phrasing in use.
 *
 * @example
 * ```ts
 * nextStep({ kind: "current" }); // "current(options)", or "athanor current" under the CLI
 * ```
 */
export function nextStep(step: NextStep): string {
  return currentNextStepPhrasing()(step);
}

/**
 * Runs `body` with core's messages in a front end's language (the CLI passes its command lines):
 * only the work `body` starts speaks it, so library calls elsewhere in the process keep theirs.
 *
 * @example
 * ```ts
 * await withNextStepPhrasing(CLI_PHRASING, () => runCommand(argv));
 * ```
 */
export function withNextStepPhrasing<T>(phrasing: NextStepPhrasing, body: () => T): T {
  return scope.run(phrasing, body);
}

/**
 * Makes core's messages speak a front end's language for the whole process, outside any
 * {@link withNextStepPhrasing} run. Returns the phrasing it replaced, so a test can restore it.
 *
 * @example
 * ```ts
 * phraseNextStepsWith((step) => step.kind === "current" ? "athanor current" : LIBRARY_PHRASING(step));
 * ```
 */
export function phraseNextStepsWith(next: NextStepPhrasing): NextStepPhrasing {
  const previous = slot[PHRASING] ?? LIBRARY_PHRASING;
  slot[PHRASING] = next;
  return previous;
}
