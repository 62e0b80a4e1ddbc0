// drizzle-kit 1.0 (1.0.0-rc.5) writes PostgreSQL snapshots as version "9": the first migration's
// is a `base` (the full `ddl` list of version 8), every later one a `diff` of `deltas` against
// the one before (`create` a row, `drop`/`alter`/`rename` a row by its key). Replaying the
// deltas in order gives each migration's full ddl list, read from then on as version 8.
// A table or column rename is recorded once, on the renamed row; the rows that name it (columns,
// keys, indexes, foreign keys) follow it here as they do in the database.
import type { KitEntity } from "./kit-ddl.js";

type Row = Record<string, unknown> & { entityType: string };
interface Delta {
  readonly op: "create" | "drop" | "alter" | "rename";
  readonly row?: Row;
  readonly key?: string;
  readonly set?: Record<string, unknown>;
}

/** A row's key as drizzle-kit writes it: `entityType\0["schema","table","name"]`. */
function keyOf(row: Row): string {
  const parts = [row.schema, row.table, row.name].filter((p) => p !== undefined && p !== null);
  return `${row.entityType}\u0000${JSON.stringify(parts)}`;
}

const isV9 = (
  s: unknown,
): s is { type?: unknown; ddl?: Row[]; deltas?: Delta[]; id?: unknown; prevIds?: unknown } =>
  s !== null && typeof s === "object" && (s as { version?: unknown }).version === "9";

function renameTable(ddl: Row[], schema: unknown, from: string, to: string): void {
  for (const row of ddl) {
    if (row.schema === schema && row.table === from) row.table = to;
    if (row.entityType === "fks" && row.schemaTo === schema && row.tableTo === from) row.tableTo = to;
  }
}

function renameColumn(ddl: Row[], schema: unknown, table: unknown, from: string, to: string): void {
  const swap = (names: unknown) => (Array.isArray(names) ? names.map((n) => (n === from ? to : n)) : names);
  for (const row of ddl) {
    if (row.schema === schema && row.table === table && row.entityType !== "columns") {
      if (row.entityType === "indexes" && Array.isArray(row.columns))
        row.columns = row.columns.map((c: { value?: unknown; isExpression?: unknown }) =>
          c.isExpression === true || c.value !== from ? c : { ...c, value: to },
        );
      else row.columns = swap(row.columns);
    }
    if (row.entityType === "fks" && row.schemaTo === schema && row.tableTo === table)
      row.columnsTo = swap(row.columnsTo);
  }
}

function apply(ddl: Row[], delta: Delta): boolean {
  if (delta.op === "create" && delta.row !== undefined) {
    ddl.push({ ...delta.row });
    return true;
  }
  const at = ddl.findIndex((row) => keyOf(row) === delta.key);
  const row = ddl[at];
  if (row === undefined) return false;
  if (delta.op === "drop") ddl.splice(at, 1);
  else if (delta.op === "alter") Object.assign(row, delta.set);
  else if (delta.op === "rename") {
    const to = String(delta.set?.name ?? row.name);
    const from = String(row.name);
    Object.assign(row, delta.set);
    if (row.entityType === "tables") renameTable(ddl, row.schema, from, to);
    if (row.entityType === "columns") renameColumn(ddl, row.schema, row.table, from, to);
  } else return false;
  return true;
}

/**
 * The snapshots of a history in order, with every version-9 one replaced by the full version-8
 * snapshot it stands for. A diff whose predecessor is missing, is not the one it names
 * (`prevIds`), or has a delta that names no row is left as it is (reported as not read).
 *
 * @example
 * ```ts
 * const full = resolvePgSnapshotsV9(history.migrations.map((m) => m.snapshot));
 * ```
 */
export function resolvePgSnapshotsV9(snapshots: readonly unknown[]): unknown[] {
  let previous: { id: unknown; ddl: Row[] } | undefined;
  return snapshots.map((snapshot) => {
    if (!isV9(snapshot)) {
      previous = undefined;
      return snapshot;
    }
    let ddl: Row[] | undefined;
    if (snapshot.type === "base" && Array.isArray(snapshot.ddl)) ddl = snapshot.ddl.map((r) => ({ ...r }));
    else if (
      snapshot.type === "diff" &&
      Array.isArray(snapshot.deltas) &&
      previous !== undefined &&
      Array.isArray(snapshot.prevIds) &&
      snapshot.prevIds.includes(previous.id)
    ) {
      const next = previous.ddl.map((r) => ({ ...r }));
      ddl = snapshot.deltas.every((d) => apply(next, d)) ? next : undefined;
    }
    if (ddl === undefined) {
      previous = undefined;
      return snapshot;
    }
    previous = { id: snapshot.id, ddl };
    return { version: "8", dialect: "postgres", id: snapshot.id, ddl: ddl as KitEntity[] };
  });
}
