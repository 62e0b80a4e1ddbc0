import type { NameInput, PolicyCommand, PolicyDefinition, ViewDefinition } from "./definitions.js";
import {
  compact,
  deepFreeze,
  invalidOperation,
  qualifiedName,
  rejectUnknownKeys,
  requireName,
  requireNames,
} from "./normalize.js";
import type {
  CreatePolicy,
  CreateView,
  DisableRowLevelSecurity,
  DropPolicy,
  DropView,
  EnableRowLevelSecurity,
} from "./operation.js";

/** View options as builders take them: `materialized` plus the {@link ViewDefinition} options. */
export interface ViewInput {
  readonly materialized?: boolean;
  readonly with?: { readonly [option: string]: string };
}

/** A policy as builders take them: `as: "permissive"` and `for: "all"` are accepted and dropped. */
export type PolicyInput = Omit<PolicyDefinition, "as" | "for"> & {
  readonly as?: "permissive" | "restrictive";
  readonly for?: PolicyCommand | "all";
};

const COMMANDS = ["all", "select", "insert", "update", "delete"];
const POLICY_KEYS = ["as", "for", "to", "using", "withCheck"];

function viewOptions(kind: string, input: ViewInput["with"]): ViewDefinition["with"] {
  if (input === undefined) return undefined;
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw invalidOperation(kind, "with must be an object of option names and values", { field: "with" });
  const entries = Object.entries(input).map(([k, v]) => [
    requireName(kind, "view option name", k),
    requireName(kind, `value of view option ${k}`, typeof v === "boolean" ? String(v) : v),
  ]);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function viewDefinition(kind: string, definition: unknown, options: ViewInput["with"]): ViewDefinition {
  return compact({
    definition: requireName(kind, "view definition", definition),
    with: viewOptions(kind, options),
  });
}

/** Validates a policy's options and drops the defaults, so equal policies are deep-equal. */
function policyDefinition(kind: string, input: PolicyInput = {}): PolicyDefinition {
  rejectUnknownKeys(kind, "policy", input, POLICY_KEYS);
  if (input.as !== undefined && input.as !== "permissive" && input.as !== "restrictive")
    throw invalidOperation(kind, `as must be "permissive" or "restrictive", got ${JSON.stringify(input.as)}`);
  if (input.for !== undefined && !COMMANDS.includes(input.for))
    throw invalidOperation(
      kind,
      `for must be one of ${COMMANDS.join(", ")}, got ${JSON.stringify(input.for)}`,
    );
  const to = input.to === undefined ? undefined : requireNames(kind, "policy roles", input.to);
  return compact({
    as: input.as === "restrictive" ? ("restrictive" as const) : undefined,
    for: input.for === "all" ? undefined : input.for,
    to: to !== undefined && !(to.length === 1 && to[0] === "public") ? to : undefined,
    using: input.using === undefined ? undefined : requireName(kind, "USING expression", input.using),
    withCheck:
      input.withCheck === undefined ? undefined : requireName(kind, "WITH CHECK expression", input.withCheck),
  });
}

/**
 * Factories for views, materialized views, row-level security and its policies.
 *
 * @example
 * ```ts
 * viewOperations.createView("active_accounts", "SELECT id FROM accounts WHERE active");
 * ```
 */
export const viewOperations = {
  /** `op.createView("active_accounts", "SELECT id FROM accounts WHERE active", { materialized: true })` */
  createView(name: NameInput, definition: string, options: ViewInput = {}): CreateView {
    const kind = "createView";
    rejectUnknownKeys(kind, "view options", options, ["materialized", "with"]);
    return deepFreeze(
      compact({
        kind,
        name: qualifiedName(kind, "view name", name),
        materialized: options.materialized === true ? (true as const) : undefined,
        ...viewDefinition(kind, definition, options.with),
      }),
    );
  },
  /** `op.dropView("active_accounts", { existing: { definition: "SELECT ..." } })` */
  dropView(
    name: NameInput,
    options: { readonly materialized?: boolean; readonly existing?: ViewDefinition } = {},
  ): DropView {
    const kind = "dropView";
    rejectUnknownKeys(kind, "view options", options, ["materialized", "existing"]);
    const existing =
      options.existing === undefined
        ? undefined
        : viewDefinition(kind, options.existing.definition, options.existing.with);
    return deepFreeze(
      compact({
        kind,
        name: qualifiedName(kind, "view name", name),
        materialized: options.materialized === true ? (true as const) : undefined,
        existing,
      }),
    );
  },
  /** `op.createPolicy("owner_reads", "notes", { for: "select", to: ["app_user"], using: "owner = current_user" })` */
  createPolicy(name: string, table: NameInput, options: PolicyInput = {}): CreatePolicy {
    const kind = "createPolicy";
    return deepFreeze({
      kind,
      name: requireName(kind, "policy name", name),
      table: qualifiedName(kind, "table", table),
      ...policyDefinition(kind, options),
    });
  },
  /** `op.dropPolicy("owner_reads", "notes", { existing: { for: "select", using: "..." } })` */
  dropPolicy(name: string, table: NameInput, options: { readonly existing?: PolicyInput } = {}): DropPolicy {
    const kind = "dropPolicy";
    return deepFreeze(
      compact({
        kind,
        name: requireName(kind, "policy name", name),
        table: qualifiedName(kind, "table", table),
        existing: options.existing === undefined ? undefined : policyDefinition(kind, options.existing),
      }),
    );
  },
  /** `op.enableRowLevelSecurity("notes")` */
  enableRowLevelSecurity(table: NameInput): EnableRowLevelSecurity {
    const kind = "enableRowLevelSecurity";
    return deepFreeze({ kind, table: qualifiedName(kind, "table", table) });
  },
  /** `op.disableRowLevelSecurity("notes")` */
  disableRowLevelSecurity(table: NameInput): DisableRowLevelSecurity {
    const kind = "disableRowLevelSecurity";
    return deepFreeze({ kind, table: qualifiedName(kind, "table", table) });
  },
} as const;
