import type { SchemaModel, TableModel } from "@athanor/core";
import type { CanonicalizeOptions } from "./canonicalize-scratch.js";
import { materializeSchemaModel } from "./materialize-schema-model.js";

/** What {@link splitReusableTables} decided: tables read from the live side, and the rest. */
export interface ReuseSplit {
  /**
   * Live tables whose stored CREATE texts equal the desired tables' rendered ones (or their
   * spelling by the area's `storedSpelling`, taken as it reads them back).
   */
  readonly reused: readonly TableModel[];
  /** The model without those tables: what still has to be built. */
  readonly build: SchemaModel;
  /** The statements already rendered for tables of `build` (one table's at a time). */
  readonly rendered: ReadonlyMap<TableModel, readonly string[]>;
}

/**
 * Splits the models into tables the live database already holds exactly as athanor would write
 * them, and the rest. Where the database keeps each CREATE text as sent and every catalogue row
 * follows from it (SQLite), building such a table and reading it back gives the live table's
 * introspection; so the live reading is used. A table is reused only when its rendered CREATE
 * TABLE equals the stored one and its rendered CREATE INDEX set equals the stored set, or when
 * the stored texts are the area's `storedSpelling` (drizzle-kit's, on SQLite) of the table; a
 * model with views is built whole (a view reads its tables in the scratch database).
 *
 * @example
 * ```ts
 * const { reused, build } = splitReusableTables(model, options); // reused: live tables as read
 * ```
 */
export function splitReusableTables(
  model: SchemaModel,
  options: CanonicalizeOptions,
): ReuseSplit | undefined {
  const reuse = options.reuse;
  if (reuse === undefined || (model.views ?? []).length > 0) return undefined;
  const live = new Map(reuse.live.tables.map((t) => [`${t.schema}\u0000${t.name}`, t]));
  const reused: TableModel[] = [];
  const kept: TableModel[] = [];
  const rendered = new Map<TableModel, readonly string[]>();
  for (const table of model.tables) {
    const liveTable = live.get(`${table.schema}\u0000${table.name}`);
    const stored = reuse.stored.get(table.name);
    if (liveTable === undefined || stored === undefined) {
      kept.push(table);
      continue;
    }
    // texts another tool wrote (drizzle-kit's) are compared with that tool's spelling only
    const spelling = options.area.storedSpelling;
    if (spelling?.claims(stored) === true) {
      const readBack = spelling.readBack(table, stored, liveTable);
      if (readBack === undefined) kept.push(table);
      else reused.push(readBack);
      continue;
    }
    const statements = materializeSchemaModel(
      { ...model, tables: [table] },
      { hooks: options.hooks, plain: true },
    ).flatMap((op) => [...options.render(op)]);
    if (sameTexts(statements, stored)) reused.push(liveTable);
    else {
      kept.push(table);
      rendered.set(table, statements);
    }
  }
  return { reused, build: { ...model, tables: kept }, rendered };
}

/** The table's CREATE first, its indexes' in any order: the stored list is table first, then sorted. */
function sameTexts(statements: readonly string[], stored: readonly string[]): boolean {
  if (statements.length !== stored.length || statements[0] !== stored[0]) return false;
  const indexes = statements.slice(1).sort();
  return indexes.every((s, i) => s === stored[i + 1]);
}
