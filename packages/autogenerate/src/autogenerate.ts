import type { DifferHooks, SchemaModel } from "@athanor/core";
import { diffSchemas } from "./diff/diff-schemas.js";
import type { DiffOptions, DiffResult, RenameCandidate, RenameHint } from "./diff/diff-types.js";

/**
 * The programmatic entry of autogenerate: the operations that turn `live` into `desired` (both
 * canonical models, see `readModels`), with renames settled by hints or by `resolveRename`.
 * This folder (`src/autogenerate/`) is the seam the CLI, drift checks and `@athanor/testing`
 * call; the differ, stager and code generator behind it are to move out of @athanor/drizzle
 * (docs/architecture.md) without their callers changing.
 *
 * @example
 * ```ts
 * const diff = autogenerate({ desired, live, hooks: postgresDifferHooks, renames: [parseRenameHint("users.mail:email")] });
 * ```
 */
export function autogenerate(input: {
  readonly desired: SchemaModel;
  readonly live: SchemaModel;
  /** The dialect module's differ hooks (`module.differHooks(flavour)`). */
  readonly hooks: DifferHooks;
  readonly renames?: readonly RenameHint[] | undefined;
  readonly resolveRename?: ((candidate: RenameCandidate) => boolean) | undefined;
  readonly include?: DiffOptions["include"] | undefined;
}): DiffResult {
  return diffSchemas(input.desired, input.live, {
    hooks: input.hooks,
    ...(input.renames === undefined ? {} : { renames: input.renames }),
    ...(input.resolveRename === undefined ? {} : { resolveRename: input.resolveRename }),
    ...(input.include === undefined ? {} : { include: input.include }),
  });
}
