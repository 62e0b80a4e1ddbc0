import type { CheckModel, ForeignKeyModel } from "@athanor/core";
import { foreignKeyAction } from "../naming.js";

/** Named column lists (primary keys, unique constraints) as kit's snapshots key them. */
export type KitKeyColumns = Record<string, { name: string; columns: string[] }>;

/** The key parts every MySQL and SQLite snapshot table records the same way. */
export interface KitTableKeys {
  foreignKeys?: Record<string, KitForeignKey>;
  compositePrimaryKeys?: KitKeyColumns;
  uniqueConstraints?: KitKeyColumns;
}

/** A foreign key as every drizzle-kit snapshot (PostgreSQL 7, MySQL 5, SQLite 6) records it. */
export interface KitForeignKey {
  name: string;
  tableTo: string;
  schemaTo?: string;
  columnsFrom: string[];
  columnsTo: string[];
  onDelete?: string;
  onUpdate?: string;
}

/**
 * A snapshot's foreign keys as the model holds them, referencing `schemaOf(fk)`; unset actions are
 * `no action`, as kit writes them.
 *
 * @example
 * ```ts
 * kitForeignKeys(table.foreignKeys, () => "main")[0]?.referencedTable; // "users"
 * ```
 */
export function kitForeignKeys(
  keys: Record<string, KitForeignKey> | undefined,
  schemaOf: (fk: KitForeignKey) => string,
): ForeignKeyModel[] {
  return Object.values(keys ?? {}).map((f) => ({
    name: f.name,
    columns: f.columnsFrom,
    referencedSchema: schemaOf(f),
    referencedTable: f.tableTo,
    referencedColumns: f.columnsTo,
    onUpdate: foreignKeyAction(f.onUpdate),
    onDelete: foreignKeyAction(f.onDelete),
    match: "simple",
    deferrable: false,
    initiallyDeferred: false,
    validated: true,
  }));
}

/** A snapshot's check constraints (`{ name, value }`) as the model holds them. */
export function kitChecks(checks: Record<string, { name: string; value: string }> | undefined): CheckModel[] {
  return Object.values(checks ?? {}).map((c) => ({ name: c.name, expression: c.value, validated: true }));
}
