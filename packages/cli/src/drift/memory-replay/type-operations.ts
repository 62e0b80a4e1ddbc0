import type { OperationOf } from "@athanor/core";
import type { ReplayState } from "./model-state.js";
import { refuse } from "./replay-conventions.js";

export function createEnum(state: ReplayState, op: OperationOf<"createEnum">): void {
  if (!state.conventions.enumTypes) refuse("an enum type where there are none");
  const schema = state.schemaOf(op.name);
  if (state.enumOf(op.name) !== undefined || state.hasTable(schema, op.name.name))
    refuse(`type ${op.name.name} exists`);
  if (new Set(op.values).size !== op.values.length) refuse("repeated enum values");
  state.putEnum({ schema, name: op.name.name, values: [...op.values] });
}

export function dropEnum(state: ReplayState, op: OperationOf<"dropEnum">): void {
  const found = state.enumOf(op.name) ?? refuse(`type ${op.name.name} does not exist`);
  // a column of the type (or an array of it) makes the drop fail; the type text is not parsed
  for (const t of state.tables.values())
    for (const c of t.columns) if (c.type.includes(found.name)) refuse(`type ${found.name} may be in use`);
  state.removeEnum(found.schema, found.name);
}

export function addEnumValue(state: ReplayState, op: OperationOf<"addEnumValue">): void {
  const found = state.enumOf(op.name) ?? refuse(`type ${op.name.name} does not exist`);
  if (found.values.includes(op.value)) refuse(`enum value ${op.value} exists`);
  const anchor = op.before ?? op.after;
  if (anchor === undefined) {
    found.values.push(op.value);
    return;
  }
  const at = found.values.indexOf(anchor);
  if (at < 0) refuse(`enum value ${anchor} does not exist`);
  found.values.splice(op.before !== undefined ? at : at + 1, 0, op.value);
}

export function renameEnumValue(state: ReplayState, op: OperationOf<"renameEnumValue">): void {
  const found = state.enumOf(op.name) ?? refuse(`type ${op.name.name} does not exist`);
  const at = found.values.indexOf(op.from);
  if (at < 0 || found.values.includes(op.to)) refuse("an enum value rename that does not apply");
  found.values[at] = op.to;
}

export function createSchema(state: ReplayState, op: OperationOf<"createSchema">): void {
  if (!state.conventions.schemas) refuse("a schema where schemas are databases");
  if (state.schemas.has(op.name)) refuse(`schema ${op.name} exists`);
  state.schemas.add(op.name);
}

export function setRowLevelSecurity(
  state: ReplayState,
  table: Parameters<ReplayState["table"]>[0],
  on: boolean,
): void {
  if (!state.conventions.rowLevelSecurity) refuse("row-level security where there is none");
  state.table(table).rowLevelSecurity = on;
}

/**
 * A sync trigger holds no schema the model reads; the names it takes (a function and trigger on
 * PostgreSQL, `name_ins`/`name_upd` on MySQL) must be free, and its columns must exist.
 */
export function syncTrigger(
  state: ReplayState,
  op: OperationOf<"createSyncTrigger" | "dropSyncTrigger">,
): void {
  const table = state.table(op.table);
  const taken = [...state.tables.values()].some((t) => t.schema === table.schema && t.triggers.has(op.name));
  if (op.kind === "createSyncTrigger") {
    if (taken) refuse(`trigger ${op.name} exists`);
    for (const c of [op.source, op.target])
      if (!table.columns.some((col) => col.name === c)) refuse(`column ${c} does not exist`);
    table.triggers.add(op.name);
  } else {
    if (!table.triggers.has(op.name)) refuse(`trigger ${op.name} does not exist`);
    table.triggers.delete(op.name);
  }
}
