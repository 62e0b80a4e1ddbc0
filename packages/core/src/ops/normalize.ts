import type { ErrorMeta } from "../errors.js";
import { AthanorError } from "../errors.js";
import type { NameInput, QualifiedName } from "./definitions.js";

// Shared by the operation factories: they validate input, bring it to one canonical shape
// (no `undefined` values, qualified names as objects) and freeze it, so that two operations
// meaning the same thing are deep-equal and `reverse(reverse(op))` round-trips exactly.

/**
 * The coded error thrown for a malformed operation.
 *
 * @example
 * ```ts
 * throw invalidOperation("addColumn", "the column type is empty", { column: "email" });
 * ```
 */
export function invalidOperation(kind: string, problem: string, meta: ErrorMeta = {}): AthanorError {
  return new AthanorError(
    "ATHANOR_INVALID_OPERATION",
    `Cannot build ${/^[aeiou]/i.test(kind) ? "an" : "a"} ${kind} operation: ${problem}. Fix the arguments in the revision file.`,
    { kind, ...meta },
  );
}

/**
 * Returns `value` when it is a non-empty string, else throws ATHANOR_INVALID_OPERATION.
 *
 * @example
 * ```ts
 * const column = requireName("dropColumn", "column", input); // "" → throws
 * ```
 */
export function requireName(kind: string, what: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) {
    throw invalidOperation(
      kind,
      `the ${what} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`,
      {
        field: what,
      },
    );
  }
  return value;
}

/** Validates a list of names: non-empty list (unless `allowEmpty`), non-empty distinct strings. */
export function requireNames(
  kind: string,
  what: string,
  values: readonly unknown[] | undefined,
  allowEmpty = false,
): string[] {
  if (!Array.isArray(values) || (!allowEmpty && values.length === 0)) {
    throw invalidOperation(kind, `${what} must be a non-empty list`, { field: what });
  }
  const names = values.map((v) => requireName(kind, what, v));
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined)
    throw invalidOperation(kind, `${what} lists "${duplicate}" twice`, { field: what, duplicate });
  return names;
}

/**
 * Normalises `"users"` or `{ schema, name }` into a {@link QualifiedName} without an
 * `undefined` schema key.
 *
 * @example
 * ```ts
 * qualifiedName("createTable", "table", "users"); // { name: "users" }
 * ```
 */
export function qualifiedName(kind: string, what: string, input: NameInput): QualifiedName {
  if (typeof input === "string") return { name: requireName(kind, what, input) };
  const name = requireName(kind, what, input?.name);
  return input.schema === undefined
    ? { name }
    : { schema: requireName(kind, `${what} schema`, input.schema), name };
}

/** Drops keys whose value is `undefined`, so absent and `undefined` are the same thing. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

/** Freezes a plain data tree (objects and arrays) in place and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Refuses keys an argument object does not have (revision files are loaded without type checks,
 * so `{ autoIncrement: true }` would otherwise vanish silently): ATHANOR_INVALID_OPERATION naming
 * the key and the ones that exist.
 *
 * @example
 * ```ts
 * rejectUnknownKeys("addColumn", 'column "id"', { name: "id", autoIncrement: true }, ["name", "type"]);
 * ```
 */
export function rejectUnknownKeys(
  kind: string,
  what: string,
  input: unknown,
  known: readonly string[],
): void {
  if (typeof input !== "object" || input === null) return;
  const unknown = Object.keys(input).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  throw invalidOperation(
    kind,
    `${what} has ${unknown.length === 1 ? "an unknown key" : "unknown keys"} ${unknown.map((k) => `"${k}"`).join(", ")} (known: ${known.join(", ")})`,
    { unknownKeys: unknown, knownKeys: [...known] },
  );
}
