// drizzle-kit 1.0 writes MySQL snapshots as version "6": a flat `ddl` list of entities
// (`{ entityType: "tables" | "columns" | "pks" | "fks" | "indexes" | "checks" | "views", ... }`).
// This turns one into the version-5 shape that mysqlSnapshotToSchemaModel reads, so a 1.0
// history gets generated downgrades as a 0.31 journal does. Both sides of each diff come from
// this one conversion, so the spelling is consistent. A unique key is an index with
// `isUnique` in 1.0 (0.31 kept `.unique()` apart); on MySQL both are the same unique index.

import { foreignKeyOf, type KitEntity, primaryKeyOf } from "./kit-ddl.js";
import type { MysqlKitSnapshot } from "./mysql-snapshot-model.js";
import type { KitView } from "./snapshot-views.js";

type Table = MysqlKitSnapshot["tables"][string];

/**
 * True for a drizzle-kit 1.0 MySQL snapshot (`version: "6"`, a `ddl` list).
 *
 * @example
 * ```ts
 * isMysqlSnapshotV6(JSON.parse(readFileSync("drizzle/20250101000000_init/snapshot.json", "utf8"))); // true
 * ```
 */
export function isMysqlSnapshotV6(snapshot: unknown): boolean {
  const s = snapshot as { version?: unknown; ddl?: unknown } | null;
  return s !== null && typeof s === "object" && s.version === "6" && Array.isArray(s.ddl);
}

/**
 * A drizzle-kit 1.0 MySQL snapshot in the version-5 shape (tables with their columns, keys,
 * indexes and checks; views).
 *
 * @example
 * ```ts
 * const model = mysqlSnapshotToSchemaModel(mysqlSnapshotV6ToV5(snapshot), "app");
 * ```
 */
export function mysqlSnapshotV6ToV5(snapshot: { readonly ddl: readonly KitEntity[] }): MysqlKitSnapshot {
  const tables: Record<string, Table> = {};
  const views: Record<string, KitView> = {};
  const byType = (type: string) => snapshot.ddl.filter((e) => e.entityType === type);
  for (const t of byType("tables"))
    tables[String(t.name)] = {
      name: String(t.name),
      columns: {},
      indexes: {},
      foreignKeys: {},
      compositePrimaryKeys: {},
      uniqueConstraints: {},
      checkConstraint: {},
    };
  const tableOf = (e: KitEntity): Table | undefined => tables[String(e.table)];
  for (const c of byType("columns")) {
    const table = tableOf(c);
    if (table === undefined) continue;
    const generated = c.generated as { as?: unknown; type?: unknown } | null;
    table.columns[String(c.name)] = {
      name: String(c.name),
      type: String(c.type),
      notNull: c.notNull === true,
      autoincrement: c.autoIncrement === true,
      ...(c.default === null || c.default === undefined ? {} : { default: c.default as string }),
      ...(generated
        ? { generated: { as: String(generated.as), type: String(generated.type ?? "virtual") } }
        : {}),
      ...(c.onUpdateNow === true ? { onUpdate: true } : {}),
    };
  }
  for (const p of byType("pks")) {
    const table = tableOf(p);
    if (table) table.compositePrimaryKeys = primaryKeyOf(p);
  }
  for (const f of byType("fks")) {
    const table = tableOf(f);
    if (table?.foreignKeys) table.foreignKeys[String(f.name)] = foreignKeyOf(f);
  }
  for (const i of byType("indexes")) {
    const table = tableOf(i);
    if (table?.indexes === undefined) continue;
    table.indexes[String(i.name)] = {
      name: String(i.name),
      // A column key is its bare name in version 5; an expression is its SQL text.
      columns: (i.columns as { value: unknown; isExpression?: unknown }[]).map((k) => String(k.value)),
      isUnique: i.isUnique === true,
      ...(typeof i.using === "string" && i.using !== "" ? { using: i.using } : {}),
    };
  }
  for (const c of byType("checks")) {
    const table = tableOf(c);
    if (table?.checkConstraint)
      table.checkConstraint[String(c.name)] = { name: String(c.name), value: String(c.value) };
  }
  for (const v of byType("views")) views[String(v.name)] = v as unknown as KitView;
  return { version: "5", dialect: "mysql", tables, views };
}
