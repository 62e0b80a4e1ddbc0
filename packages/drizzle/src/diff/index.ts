export { dataLossOf, isWideningType } from "./data-loss.js";
export { diffSchemas } from "./diff-schemas.js";
export type {
  DataLossWarning,
  DifferDialect,
  DiffOptions,
  DiffResult,
  IncludeObject,
  RenameCandidate,
  RenameHint,
} from "./diff-types.js";
export { differHooksFor, mysqlDifferHooks, postgresDifferHooks } from "./differ-hooks.js";
export { parseRenameHint } from "./renames.js";
