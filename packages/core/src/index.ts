// The public API of @athanor/core. Each area keeps its own barrel of explicit named exports.

export * from "./backfill/index.js";
export * from "./dialect/index.js";
export type { AnyAthanorError, ErrorCode, ErrorMeta, ErrorMetaByCode, MetaOf } from "./errors.js";
export { AthanorError, ERROR_CODES, isAthanorError } from "./errors.js";
export { type FileAction, fileAccessError } from "./fs/file-access-error.js";
export * from "./graph/index.js";
export * from "./lint/index.js";
export * from "./ops/index.js";
export * from "./plan/index.js";
export * from "./revision/index.js";
export * from "./runner/index.js";
export * from "./schema/index.js";
export * from "./text/index.js";
