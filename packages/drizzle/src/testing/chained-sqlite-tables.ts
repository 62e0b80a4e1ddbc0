import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  type SQLiteTableWithColumns,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

/**
 * `n` sqliteTables `t0`…`t{n-1}`, each with a foreign key to the next (ON DELETE CASCADE), a
 * partial, an expression and a unique index and a check: a model big enough for several
 * canonicalisation passes, with keys crossing them.
 *
 * @example
 * ```ts
 * const model = drizzleToSchemaModel(collectDrizzleSchema([chainedSqliteTables(250)]), { dialect: "sqlite" });
 * ```
 */
export function chainedSqliteTables(n: number): Record<string, unknown> {
  const tables: Record<string, unknown> = {};
  let previous: SQLiteTableWithColumns<never> | undefined;
  for (let i = n - 1; i >= 0; i--) {
    const parent = previous;
    const t = sqliteTable(
      `t${i}`,
      {
        id: integer("id").primaryKey(),
        name: text("name").notNull().default("x"),
        code: text("code"),
        parentId:
          parent === undefined
            ? integer("parent_id")
            : integer("parent_id").references(() => (parent as unknown as { id: never }).id, {
                onDelete: "cascade",
              }),
      },
      (c) => [
        index(`t${i}_name_idx`).on(c.name).where(sql`${c.name} <> ''`),
        index(`t${i}_lower_idx`).on(sql`lower(${c.name})`),
        uniqueIndex(`t${i}_code_key`).on(c.code),
        check(`t${i}_id_positive`, sql`${c.id} > 0`),
      ],
    );
    tables[`t${i}`] = t;
    previous = t as never;
  }
  return tables;
}
