import type { ColumnSpec } from "@athanor/core";
import { type ReplayColumn, type ReplayConventions, refuse } from "./replay-conventions.js";

/**
 * A column as the server stores it from `spec`: identity columns NOT NULL where the server makes them so, defaults
 * filled in. Text (type, default, expressions) is kept as written: the replay compares it with
 * what the live server printed, and only an exact match counts.
 */
export function columnModel(spec: ColumnSpec, conventions: ReplayConventions): ReplayColumn {
  if (!conventions.columnOnUpdate && spec.onUpdate !== undefined) refuse("ON UPDATE where columns have none");
  if (conventions.expandsType(spec.type)) refuse(`a ${spec.type} column`);
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
    nullable: conventions.identityNotNull && identity !== null ? false : spec.nullable !== false,
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
