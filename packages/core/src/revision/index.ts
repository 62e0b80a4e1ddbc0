export { defineRevision, headerOf, PHASES } from "./revision.js";
export type { Phase, RevisionDefinition, RevisionHeader, RevisionSource } from "./revision.js";
