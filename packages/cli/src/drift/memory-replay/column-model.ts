import type { ColumnSpec } from "@athanor/core";
import { type ReplayColumn, type ReplayConventions, refuse } from "./replay-conventions.js";

/**
 * A column as the server stores it from `spec`: identity columns NOT NULL on PostgreSQL, defaults
 * filled in. Text (type, default, expressions) is kept as written: the replay compares it with
 * what the live server printed, and only an exact match counts.
 */
export function columnModel(spec: ColumnSpec, conventions: ReplayConventions): ReplayColumn {
  const pg = conventions.family === "postgresql";
  if (pg && spec.onUpdate !== undefined) refuse("ON UPDATE on PostgreSQL");
  // a serial column is an integer with a sequence and a default the server makes up
  if (pg && /^(small|big)?serial[248]?$/i.test(spec.type.trim())) refuse("a serial column");
  if ((spec.identity !== undefined || spec.generated !== undefined) && spec.default !== undefined)
    refuse("a default on an identity or generated column");
  if (spec.identity !== undefined && spec.generated !== undefined) refuse("an identity generated column");
  const identity =
    spec.identity === undefined
      ? null
      : (conventions.identity(spec.identity, spec.type) ?? refuse("identity options not modelled"));
  return {
    name: spec.name,
    type: spec.type,
    // PostgreSQL makes an identity column NOT NULL
    nullable: pg && identity !== null ? false : spec.nullable !== false,
    default: spec.default ?? null,
    identity,
    generated:
      spec.generated === undefined
        ? null
        : { expression: spec.generated.expression, storage: spec.generated.storage ?? "stored" },
    comment: spec.comment ?? null,
    collation: spec.collation ?? null,
    onUpdate: spec.onUpdate ?? null,
  };
}
