export { TODO_EXPRESSION } from "./column-recipes.js";
export type { StagedRevisionInput } from "./render-staged-revision.js";
export { renderStagedRevision, withIgnores } from "./render-staged-revision.js";
export { stageDiff } from "./stage-diff.js";
export type {
  RecipeKind,
  StagedChange,
  StagedDiff,
  StagedRevision,
  StageGroup,
  StageInput,
  StageStep,
} from "./stage-types.js";
