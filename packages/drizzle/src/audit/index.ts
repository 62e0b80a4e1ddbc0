import type { SchemaModel } from "@athanor/core";
import type { DrizzleSchemaExports } from "../collect-drizzle-schema.js";
import type { DrizzleCasing } from "../sql-fragment.js";
import { auditCanonicalProperties } from "./canonical-property-audit.js";
import { auditDrizzleProperties } from "./drizzle-property-audit.js";
import type { PropertyWarning } from "./property-warning.js";

export { auditCanonicalProperties } from "./canonical-property-audit.js";
export { auditDrizzleProperties } from "./drizzle-property-audit.js";
export { formatPropertyWarning, PROPERTY_NOT_COMPARED, type PropertyWarning } from "./property-warning.js";

/**
 * The self-check of `check` and autogenerate: every property of the Drizzle models that is
 * not compared, whether athanor does not know it or the server did not keep it.
 *
 * @example
 * ```ts
 * const warnings = auditModelProperties(collected, model, canonical);
 * for (const w of warnings) console.warn(formatPropertyWarning(w));
 * ```
 */
export function auditModelProperties(
  collected: DrizzleSchemaExports,
  model: SchemaModel,
  canonical: SchemaModel,
  casing?: DrizzleCasing,
): PropertyWarning[] {
  return [...auditDrizzleProperties(collected, casing), ...auditCanonicalProperties(model, canonical)];
}
