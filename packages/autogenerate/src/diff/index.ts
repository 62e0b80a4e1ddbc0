export { dataLossOf, isWideningType } from "./data-loss.js";
export { diffSchemas } from "./diff-schemas.js";
export type {
  DataLossWarning,
  DiffOptions,
  DiffResult,
  IncludeObject,
  RenameCandidate,
  RenameHint,
} from "./diff-types.js";
export { parseRenameHint } from "./renames.js";
