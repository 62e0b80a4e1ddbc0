import { AsyncLocalStorage } from "node:async_hooks";

// Kept on globalThis under a registered symbol, like the next-step phrasing: a second copy of
// core in the process (a project's own install beside the CLI's) sees the same target.
const SCOPE = Symbol.for("athanor.fleetTargetScope");
const slot = globalThis as { [SCOPE]?: AsyncLocalStorage<string> };
slot[SCOPE] ??= new AsyncLocalStorage<string>();
const scope = slot[SCOPE];

/** Runs `body` as the work of one fleet target: {@link currentFleetTarget} names it inside. */
export function inFleetTarget<T>(name: string, body: () => Promise<T>): Promise<T> {
  return scope.run(name, body);
}

/**
 * The fleet target whose run is building the current message, if any: a front end's next-step
 * phrasing (`phraseNextStepsWith`) uses it to address that target, since the targets of a fleet
 * run at once and a message's advice must act on its own target, not the others.
 *
 * @example
 * ```ts
 * phraseNextStepsWith((step) => `${LIBRARY_PHRASING(step)} on ${currentFleetTarget() ?? "the database"}`);
 * ```
 */
export function currentFleetTarget(): string | undefined {
  return scope.getStore();
}
