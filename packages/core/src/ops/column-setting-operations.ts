import type { NameInput } from "./definitions.js";
import { compact, deepFreeze, invalidOperation, qualifiedName, requireName } from "./normalize.js";
import type {
  AlterColumnCollation,
  AlterColumnIdentity,
  AlterIndexStorage,
  IdentityOptions,
} from "./operation.js";
import { isParameterText, parameterName, parameterValues } from "./storage-parameters.js";

/** An identity as builders accept it: the numbers as safe integers or decimal text. */
export type IdentityOptionsInput = {
  readonly [K in keyof IdentityOptions]: IdentityOptions[K] extends string | undefined
    ? string | number | undefined
    : IdentityOptions[K];
};

const IDENTITY_NUMBERS = ["start", "increment", "minValue", "maxValue", "cache"] as const;
function identityOptions(kind: string, what: string, input: IdentityOptionsInput): IdentityOptions {
  if (typeof input !== "object" || input === null || typeof input.always !== "boolean")
    throw invalidOperation(kind, `${what} must be an object with always: true or false`, { field: what });
  const known = ["always", "cycle", ...IDENTITY_NUMBERS] as string[];
  const unknown = Object.keys(input).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw invalidOperation(kind, `unknown key "${unknown[0]}" in ${what} (known: ${known.join(", ")})`, {
      field: what,
    });
  if (input.cycle !== undefined && typeof input.cycle !== "boolean")
    throw invalidOperation(kind, `${what}.cycle must be true or false`, { field: `${what}.cycle` });
  const out: Record<string, unknown> = { always: input.always, cycle: input.cycle };
  for (const key of IDENTITY_NUMBERS) {
    const v = input[key];
    if (v === undefined) continue;
    const text = typeof v === "number" && Number.isSafeInteger(v) ? String(v) : v;
    if (typeof text !== "string" || !/^-?[0-9]{1,20}$/.test(text))
      throw invalidOperation(kind, `${what}.${key} must be an integer, got ${String(v)}`, {
        field: `${what}.${key}`,
      });
    if (key === "increment" && /^-?0+$/.test(text))
      throw invalidOperation(kind, `${what}.increment cannot be zero`, { field: `${what}.increment` });
    out[key] = text;
  }
  return compact(out) as unknown as IdentityOptions;
}

const nullable = <T, U>(value: T | null | undefined, f: (v: T) => U): U | null | undefined =>
  value === undefined ? undefined : value === null ? null : f(value);

const isTextOrNull = (v: unknown): v is string | null => v === null || isParameterText(v);

/**
 * Factories for settings of a column or an index that no other operation carries: identity,
 * collation, index storage parameters. Each returns frozen, normalised data.
 *
 * @example
 * ```ts
 * columnSettingOperations.alterColumnIdentity("users", "id", { always: true }, { existing: null });
 * ```
 */
export const columnSettingOperations = {
  /** `op.alterIndexStorage("users_email_idx", "users", { set: { fillfactor: "70" } }, { existing: { fillfactor: null } })` */
  alterIndexStorage(
    name: string,
    table: NameInput,
    changes: {
      readonly set?: { readonly [parameter: string]: string };
      readonly reset?: readonly string[];
    },
    options: { readonly existing?: { readonly [parameter: string]: string | null } } = {},
  ): AlterIndexStorage {
    const kind = "alterIndexStorage";
    const set = parameterValues(kind, "set", changes?.set, isParameterText);
    const reset = changes?.reset?.map((p) => parameterName(kind, p)).sort();
    const touched = [...Object.keys(set ?? {}), ...(reset ?? [])];
    if (touched.length === 0) throw invalidOperation(kind, "nothing to set or reset", {});
    const twice = touched.find((p, i) => touched.indexOf(p) !== i);
    if (twice !== undefined)
      throw invalidOperation(kind, `parameter "${twice}" is named twice`, { field: twice });
    return deepFreeze(
      compact({
        kind,
        name: requireName(kind, "index name", name),
        table: qualifiedName(kind, "table", table),
        set: set === undefined || Object.keys(set).length === 0 ? undefined : set,
        reset: reset === undefined || reset.length === 0 ? undefined : reset,
        existing: parameterValues(kind, "existing", options.existing, isTextOrNull),
      }),
    );
  },
  /** `op.alterColumnIdentity("users", "id", { always: true, start: 100 }, { existing: null })` — `null` identity drops it. */
  alterColumnIdentity(
    table: NameInput,
    column: string,
    identity: IdentityOptionsInput | null,
    options: { readonly existing?: IdentityOptionsInput | null } = {},
  ): AlterColumnIdentity {
    const kind = "alterColumnIdentity";
    if (identity === undefined)
      throw invalidOperation(kind, "give the identity, or null to make the column a plain one", {});
    if (identity === null && options.existing === null)
      throw invalidOperation(
        kind,
        "the column has no identity to drop (identity and existing are both null)",
        {},
      );
    return deepFreeze(
      compact({
        kind,
        table: qualifiedName(kind, "table", table),
        column: requireName(kind, "column name", column),
        identity: nullable(identity, (v) => identityOptions(kind, "identity", v)) ?? null,
        existingIdentity: nullable(options.existing, (v) => identityOptions(kind, "existing", v)),
      }),
    );
  },
  /** `op.alterColumnCollation("users", "name", "text", "C", { existing: null })` — `null` is the database default. */
  alterColumnCollation(
    table: NameInput,
    column: string,
    type: string,
    collation: string | null,
    options: { readonly existing?: string | null } = {},
  ): AlterColumnCollation {
    const kind = "alterColumnCollation";
    if (collation === undefined)
      throw invalidOperation(kind, "give the collation, or null for the database default", {});
    return deepFreeze(
      compact({
        kind,
        table: qualifiedName(kind, "table", table),
        column: requireName(kind, "column name", column),
        type: requireName(kind, "type", type),
        collation: nullable(collation, (c) => requireName(kind, "collation", c)) ?? null,
        existingCollation: nullable(options.existing, (c) => requireName(kind, "existing collation", c)),
      }),
    );
  },
} as const;
