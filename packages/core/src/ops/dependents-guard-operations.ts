import type { NameInput } from "./definitions.js";
import { compact, deepFreeze, invalidOperation, qualifiedName, requireNames } from "./normalize.js";
import type { DependentsExcept, RenamedDependentsColumn, RequireNoDependents } from "./operation.js";

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

/** `["legacy", { renamed: "mail" }]` → every name, and the renamed ones apart. */
function normalizeColumns(columns: unknown): { columns: string[] | "table"; renamed?: string[] } {
  if (columns === "table") return { columns };
  if (!Array.isArray(columns))
    throw invalidOperation(KIND, 'columns must be a non-empty list, or "table"', { field: "columns" });
  const renamed = columns.flatMap((c) =>
    typeof c === "object" && c !== null && "renamed" in c ? [(c as RenamedDependentsColumn).renamed] : [],
  );
  const names = requireNames(
    KIND,
    "columns",
    columns.map((c) => (typeof c === "object" && c !== null && "renamed" in c ? c.renamed : c)),
  );
  return renamed.length === 0 ? { columns: names } : { columns: names, renamed };
}

/**
 * The factory of the dependents check a revision runs before it drops or renames columns, or
 * drops a table; it returns frozen, normalised data.
 *
 * @example
 * ```ts
 * dependentsGuardOperations.requireNoDependents("users", ["legacy", { renamed: "mail" }], { syncTriggers: ["users_mail_email_sync"] });
 * dependentsGuardOperations.requireNoDependents("old_orders", "table");
 * ```
 */
export const dependentsGuardOperations = {
  /** `op.requireNoDependents("users", ["mail"], { views: ["active_users"] })`; `"table"` for a dropped table. */
  requireNoDependents(
    table: NameInput,
    columns: readonly (string | RenamedDependentsColumn)[] | "table",
    except?: DependentsExcept,
  ): RequireNoDependents {
    const normalized = normalizeExcept(except);
    return deepFreeze(
      compact({
        kind: KIND,
        table: qualifiedName(KIND, "table", table),
        ...normalizeColumns(columns),
        ...(normalized === undefined ? {} : { except: normalized }),
      }),
    ) as RequireNoDependents;
  },
} as const;
