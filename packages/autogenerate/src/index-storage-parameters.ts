import type { IndexModel } from "@athanor/core";

/**
 * An index's storage parameters by name; the model holds them as PostgreSQL prints reloptions.
 *
 * @example
 * ```ts
 * storageParameters({ ...index, with: ["fillfactor=70"] }); // { fillfactor: "70" }
 * ```
 */
export function storageParameters(index: Pick<IndexModel, "with">): Record<string, string> {
  return Object.fromEntries(index.with.map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]));
}
