import type { NameInput } from "./definitions.js";
import { compact, deepFreeze, qualifiedName, requireName, requireNames } from "./normalize.js";
import type { RequireValuesFit } from "./operation.js";

const KIND = "requireValuesFit";

/**
 * The factory of the check a revision runs before it moves a column's values into a narrower
 * type; it returns frozen, normalised data.
 *
 * @example
 * ```ts
 * valuesFitGuardOperations.requireValuesFit("users", "display_name", "varchar(100)", { key: ["id"] });
 * ```
 */
export const valuesFitGuardOperations = {
  /** `op.requireValuesFit("users", "display_name", "varchar(100)", { key: ["id"] })`. */
  requireValuesFit(
    table: NameInput,
    column: string,
    type: string,
    options?: { readonly key?: readonly string[] },
  ): RequireValuesFit {
    const key = options?.key === undefined ? undefined : requireNames(KIND, "key", options.key as unknown[]);
    return deepFreeze(
      compact({
        kind: KIND,
        table: qualifiedName(KIND, "table", table),
        column: requireName(KIND, "column", column),
        type: requireName(KIND, "type", type),
        key,
      }),
    ) as RequireValuesFit;
  },
} as const;
