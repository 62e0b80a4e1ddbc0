// Pieces shared by the readers of drizzle-kit 1.0 snapshots (PostgreSQL version 8, MySQL
// version 6): both are a flat `ddl` list whose keys and foreign keys are spelled alike.

/** One entry of a 1.0 snapshot's `ddl` list. */
export type KitEntity = Readonly<Record<string, unknown>> & { readonly entityType: string };

/** A primary key entry as 0.31's `compositePrimaryKeys` holds it. */
export function primaryKeyOf(p: KitEntity): { [name: string]: { name: string; columns: string[] } } {
  return { [String(p.name)]: { name: String(p.name), columns: p.columns as string[] } };
}

/** A foreign key entry as 0.31 snapshots hold it (actions lower-case, as 0.31 wrote them). */
export function foreignKeyOf(f: KitEntity): {
  name: string;
  tableTo: string;
  columnsFrom: string[];
  columnsTo: string[];
  onDelete: string;
  onUpdate: string;
} {
  return {
    name: String(f.name),
    tableTo: String(f.tableTo),
    columnsFrom: f.columns as string[],
    columnsTo: f.columnsTo as string[],
    onDelete: String(f.onDelete ?? "no action").toLowerCase(),
    onUpdate: String(f.onUpdate ?? "no action").toLowerCase(),
  };
}
