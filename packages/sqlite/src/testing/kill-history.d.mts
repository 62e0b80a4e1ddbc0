import type { RevisionDefinition } from "@athanor/core";

/** Rows of `big` (and of its child `leaf`); 20,000, or 100,000 with ATHANOR_RELIABILITY_FULL=1; ATHANOR_SQLITE_KILL_ROWS overrides both. */
export declare const ROWS: number;
/** r1: `big` + `leaf` (ON DELETE CASCADE) filled; r2: a rebuild of `big`. */
export declare function revisions(): RevisionDefinition[];
