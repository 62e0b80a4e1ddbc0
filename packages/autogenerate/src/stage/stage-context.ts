import type { StagingHooks } from "@athanor/core";
import type { NameContext } from "../diff/model-to-input.js";

/** The differ's names and hooks plus the dialect's staging decisions, for one `stageDiff` run. */
export interface StageContext extends NameContext {
  readonly staging: StagingHooks;
}
