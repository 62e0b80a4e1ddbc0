import type { ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel } from "@athanor/core";
import { hasNameControlCharacters } from "@athanor/core/text";
import { isPlainMysqlIndex } from "./canonicalize-mysql-probe.js";

// MySQL's canonicalisation renders the whole model only for what the operation factories and the
// renderer refuse (a deferrable unique, MATCH FULL, an identifier it cannot quote …), then throws
// the statements away when the probes answer. The probes render every distinct column (type,
// default, collation, comment, ON UPDATE), every check and every non-plain index themselves, so
// a refusal of those parts is raised there too. What only the whole model renders is its
// structure — names, keys, foreign keys, plain indexes, identity options (a probe column stands
// for every column of its signature, which leaves them out) — and this says when that structure
// is plainly accepted, so rendering the whole model could refuse nothing.

/** An identifier the factories and `quoteIdent` take as it is: no empty, NUL, trailing space or over-long name. */
const PLAIN_NAME = /^[A-Za-z0-9_$]{1,64}$/;
const plain = (name: string) => PLAIN_NAME.test(name);

/** A non-empty list of distinct plain names (the factories' `requireNames`, and more). */
function plainList(names: readonly string[]): boolean {
  if (names.length === 0) return false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (!plain(name) || names.indexOf(name) !== i) return false;
  }
  return true;
}

// SET DEFAULT is sent the full way by mysqlProbeFallbackReason; left out here as well.
const ACTIONS = new Set(["no action", "restrict", "cascade", "set null"]);

/** An AUTO_INCREMENT without sequence options (all a MySQL model read from Drizzle has). */
const plainIdentity = (c: ColumnModel) =>
  c.identity === null || (c.identity.generation === "byDefault" && c.identity.sequence === null);

// The whole model is rendered moved into the scratch database, whose name is plain: a table's
// own database name is not rendered, and a key referencing another database goes the full way.
const plainForeignKey = (table: TableModel, f: ForeignKeyModel) =>
  plain(f.name) &&
  plainList(f.columns) &&
  plainList(f.referencedColumns) &&
  f.columns.length === f.referencedColumns.length &&
  f.referencedSchema === table.schema &&
  plain(f.referencedTable) &&
  f.match === "simple" &&
  !f.deferrable &&
  !f.initiallyDeferred &&
  ACTIONS.has(f.onDelete) &&
  ACTIONS.has(f.onUpdate);

/**
 * A plain index (the probes leave it out, so nothing of it is rendered) over plain column names
 * and without NULLS NOT DISTINCT, which MySQL refuses; any other index is in a skeleton.
 */
function plainIndexKeys(index: IndexModel): boolean {
  if (!isPlainMysqlIndex(index)) return true;
  return !index.nullsNotDistinct && plainList(index.keys.map((k) => (k.kind === "column" ? k.column : "")));
}

function plainStructure(table: TableModel): boolean {
  const pk = table.primaryKey;
  return (
    plain(table.name) &&
    // no probe renders the table's comment, which MySQL refuses with a raw control character
    (table.comment === null || !hasNameControlCharacters(table.comment)) &&
    table.rowLevelSecurity !== true &&
    (table.policies ?? []).length === 0 &&
    table.columns.every((c) => plain(c.name) && plainIdentity(c)) &&
    (pk === null || (pk.name === "PRIMARY" && plainList(pk.columns))) &&
    table.uniques.every(
      (u) =>
        plain(u.name) && plainList(u.columns) && !u.nullsNotDistinct && !u.deferrable && !u.initiallyDeferred,
    ) &&
    table.foreignKeys.every((f) => plainForeignKey(table, f)) &&
    table.checks.every((c) => plain(c.name)) &&
    table.indexes.every((i) => plain(i.name) && plainIndexKeys(i))
  );
}

/**
 * Whether rendering the whole MySQL model can refuse nothing that rendering its probe plan
 * would not (see above): no enums, sequences or views, and every table's structure plain.
 * When `false`, the whole model is rendered first, as before, so its refusal is reported as it
 * always was.
 *
 * @example
 * ```ts
 * if (!mysqlFullRenderIsRedundant(model)) render(materializeSchemaModel(model, …));
 * ```
 */
export function mysqlFullRenderIsRedundant(model: SchemaModel): boolean {
  return (
    model.enums.length === 0 &&
    model.sequences.length === 0 &&
    (model.views ?? []).length === 0 &&
    model.tables.every(plainStructure)
  );
}
