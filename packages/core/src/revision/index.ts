export type { RevisionHead } from "./heads-summary.js";
export { acceptHeadsSummary, summariseHeads } from "./heads-summary.js";
export type { LoadRevisionHeadersOptions } from "./load-revision-headers.js";
export { loadRevisionHeaders, REVISION_EXTENSIONS } from "./load-revision-headers.js";
export type { ExpectedRevisionText, LoadedRevision, RevisionImporter } from "./load-revision-module.js";
export { loadRevisionModule } from "./load-revision-module.js";
export type {
  FolderSummaryOptions,
  LoadRevisionSummaryOptions,
  StampedRevisionFolder,
} from "./load-revision-summary.js";
export { loadRevisionSummary, stampRevisionFolder } from "./load-revision-summary.js";
export { newRevisionId } from "./new-revision-id.js";
export { operationNames } from "./operation-names.js";
export { parseRevisionHeader } from "./parse-revision-header.js";
export type { RenderRevisionFileInput } from "./render-revision-file.js";
export { renderRevisionFile } from "./render-revision-file.js";
export type {
  LintIgnore,
  Phase,
  RevisionDefinition,
  RevisionHeader,
  RevisionLintSettings,
  RevisionSource,
} from "./revision.js";
export { defineRevision, headerOf, PHASES } from "./revision.js";
export type { TodoPlaceholder } from "./todo-placeholders.js";
