import type { RevisionDefinition } from "@athanor/core";

/** Rows of `big` (and of its child `leaf`); ATHANOR_SQLITE_KILL_ROWS overrides 100,000. */
export declare const ROWS: number;
/** r1: `big` + `leaf` (ON DELETE CASCADE) filled; r2: a rebuild of `big`. */
export declare function revisions(): RevisionDefinition[];
