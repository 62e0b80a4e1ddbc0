import type { NameInput } from "./definitions.js";
import { compact, deepFreeze, qualifiedName, requireNames } from "./normalize.js";
import type { DependentsExcept, RequireNoDependents } from "./operation.js";

const KIND = "requireNoDependents";

function exceptList(field: "views" | "syncTriggers", value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const names = requireNames(KIND, `except.${field}`, value as unknown[], true);
  return names.length === 0 ? undefined : names;
}

// The argument shapes (argument-shapes.ts) have checked `except` is an object of string lists.
function normalizeExcept(except: DependentsExcept | undefined): DependentsExcept | undefined {
  if (except === undefined) return undefined;
  const out = compact({
    views: exceptList("views", except.views),
    syncTriggers: exceptList("syncTriggers", except.syncTriggers),
  });
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * The factory of the dependents check a revision runs before it drops or renames columns; it
 * returns frozen, normalised data.
 *
 * @example
 * ```ts
 * dependentsGuardOperations.requireNoDependents("users", ["mail"], { syncTriggers: ["users_mail_email_sync"] });
 * ```
 */
export const dependentsGuardOperations = {
  /** `op.requireNoDependents("users", ["mail"], { views: ["active_users"] })` */
  requireNoDependents(
    table: NameInput,
    columns: readonly string[],
    except?: DependentsExcept,
  ): RequireNoDependents {
    const normalized = normalizeExcept(except);
    return deepFreeze(
      compact({
        kind: KIND,
        table: qualifiedName(KIND, "table", table),
        columns: requireNames(KIND, "columns", columns as unknown[]),
        ...(normalized === undefined ? {} : { except: normalized }),
      }),
    ) as RequireNoDependents;
  },
} as const;
