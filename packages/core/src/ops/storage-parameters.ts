import { invalidOperation } from "./normalize.js";

// A storage parameter name as PostgreSQL spells one (`fillfactor`, `toast.autovacuum_enabled`):
// it is written into the statement unquoted, so nothing else gets through.
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** A storage parameter's name, or a coded refusal. `parameterName("alterIndexStorage", "fillfactor")` */
export function parameterName(kind: string, name: unknown): string {
  if (typeof name !== "string" || !PARAMETER_NAME.test(name))
    throw invalidOperation(kind, `${JSON.stringify(name)} is not a storage parameter name`, {
      field: "parameter",
    });
  return name;
}

/** A parameter value: non-empty text without NUL. */
export const isParameterText = (v: unknown): v is string =>
  typeof v === "string" && v.length > 0 && !v.includes("\0");

/**
 * Storage parameters checked name by name and sorted, so an operation and the inverse of its
 * inverse are the same data. `parameterValues("createIndex", "with", { fillfactor: "70" }, isParameterText)`
 */
export function parameterValues<V>(
  kind: string,
  what: string,
  input: { readonly [p: string]: V } | undefined,
  value: (v: unknown) => v is V,
): { readonly [p: string]: V } | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw invalidOperation(kind, `${what} must be an object of parameter names`, { field: what });
  const out: Record<string, V> = {};
  for (const [name, v] of Object.entries(input).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!value(v))
      throw invalidOperation(
        kind,
        `${what}.${name} must be ${what === "existing" ? "text or null" : "text"}`,
        {
          field: `${what}.${name}`,
        },
      );
    out[parameterName(kind, name)] = v;
  }
  return out;
}
