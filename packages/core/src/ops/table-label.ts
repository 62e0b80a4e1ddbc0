import type { QualifiedName } from "./definitions.js";

/**
 * A table's name for messages: `schema.name`, or `name` when unqualified. The one spelling lint,
 * backfills, the runner and autogenerate's stager all use.
 *
 * @example
 * ```ts
 * tableLabel({ schema: "audit", name: "events" }); // "audit.events"
 * ```
 */
export function tableLabel(table: QualifiedName): string {
  return table.schema === undefined ? table.name : `${table.schema}.${table.name}`;
}
