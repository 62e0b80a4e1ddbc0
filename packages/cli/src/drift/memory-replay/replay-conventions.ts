// The server's conventions come from the dialect module (`DialectModule.replayConventions`,
// core's ReplayConventions); this file holds the replay's own refusal.
export type { ReplayColumn, ReplayConventions } from "@athanor/core";

/** Thrown inside the replay when an operation cannot be modelled exactly; the caller falls back. */
export class ReplayRefused extends Error {}

/** Refuses the in-memory replay with `reason`. */
export function refuse(reason: string): never {
  throw new ReplayRefused(reason);
}
