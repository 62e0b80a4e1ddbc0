import {
  type AddUnique,
  type CreateIndex,
  type DropConstraint,
  type DropIndex,
  mentionsName,
  type Operation,
  type QualifiedName,
  type ReplacedIndex,
} from "@athanor/core";

type Drop = DropIndex | DropConstraint;
const sameTable = (a: QualifiedName, b: QualifiedName) => a.name === b.name && a.schema === b.schema;
type Create = CreateIndex | AddUnique;

/**
 * An index or unique key the differ drops and creates again under its name (a unique key widened
 * from `(email)` to `(tenant, email)`) becomes one create with `replaces`, at the create's place:
 * MySQL/MariaDB run it as one `ALTER TABLE t DROP INDEX x, ADD ...`, so there is no moment without
 * the index (the unique rule stays enforced) and a failure leaves the old one, where two ALTERs
 * (each its own commit) had both. Its downgrade is the same swap back. Kept as two operations where
 * the table's columns move under the index in the same diff (a column of either definition dropped
 * or renamed): dropping a column takes it out of the index, and the swap back would name columns
 * not there yet. Kept too where a foreign key of the live table stands on the old index and the
 * new one does not cover it.
 *
 * @example
 * ```ts
 * replaceIndexesInPlace([dropConstraint("u", users, { existing: unique(email) }), addUnique("u", users, [tenant, email])]);
 * // [addUnique("u", users, [tenant, email], { replaces: { existing: unique(email) } })]
 * ```
 */
export function replaceIndexesInPlace(
  ops: readonly Operation[],
  foreignKeysOf: (table: QualifiedName) => readonly (readonly string[])[] = () => [],
): readonly Operation[] {
  const pairs = new Map<Create, Drop>();
  for (const op of ops) {
    if (!isCreate(op) || op.replaces !== undefined || op.concurrently === true) continue;
    if (op.kind === "addUnique" && op.usingIndex !== undefined) continue;
    const drop = ops.find((o): o is Drop => isDropOf(o, op));
    if (drop === undefined || [...pairs.values()].includes(drop)) continue;
    const parts = [...partsOf(op), ...partsOf(replacedBy(drop))];
    if (ops.some((o) => movesColumn(o, op.table, parts))) continue;
    // InnoDB refuses to drop the index a foreign key stands on (error 1553); the separate
    // dropIndex gives the key an index of its own first
    if (losesForeignKeyIndex(foreignKeysOf(op.table), partsOf(replacedBy(drop)), partsOf(op))) continue;
    pairs.set(op, drop);
  }
  const dropped = new Set<Operation>(pairs.values());
  return ops
    .filter((op) => !dropped.has(op))
    .map((op) => {
      const drop = isCreate(op) ? pairs.get(op) : undefined;
      return drop === undefined ? op : ({ ...op, replaces: replacedBy(drop) } as Create);
    });
}

function isCreate(op: Operation): op is Create & { readonly concurrently?: boolean } {
  return op.kind === "createIndex" || op.kind === "addUnique";
}

function isDropOf(op: Operation, create: Create): boolean {
  if (!(op.kind === "dropIndex" || op.kind === "dropConstraint")) return false;
  if (op.name !== create.name || !sameTable(op.table, create.table)) return false;
  if (op.kind === "dropIndex") return op.existing !== undefined && op.concurrently !== true;
  return op.existing?.type === "unique";
}

/** What the drop recorded, as `replaces` holds it (only drops `isDropOf` accepted get here). */
function replacedBy(drop: Drop): ReplacedIndex {
  const existing = drop.existing;
  if (existing === undefined || ("type" in existing && existing.type !== "unique"))
    throw new Error(`unreachable: ${drop.kind} ${drop.name} recorded no index`);
  return { existing } as ReplacedIndex;
}

/** The key columns and key expressions of a definition. */
function partsOf(op: Create | ReplacedIndex): readonly string[] {
  const definition = "existing" in op ? op.existing : op;
  if ("keys" in definition) return definition.keys.map((k) => k.column ?? k.expression ?? "");
  return definition.columns;
}

function movesColumn(op: Operation, table: QualifiedName, parts: readonly string[]): boolean {
  if (!("table" in op) || !sameTable(op.table, table)) return false;
  const uses = (column: string) => parts.some((p) => p === column || mentionsName(p, column));
  if (op.kind === "dropColumn") return uses(op.column);
  if (op.kind === "renameColumn") return uses(op.from) || uses(op.to);
  return false;
}

/** A foreign key whose columns lead the old index's keys but not the new one's. */
function losesForeignKeyIndex(
  foreignKeys: readonly (readonly string[])[],
  before: readonly string[],
  after: readonly string[],
): boolean {
  const leads = (fk: readonly string[], keys: readonly string[]) => fk.every((c, i) => keys[i] === c);
  return foreignKeys.some((fk) => leads(fk, before) && !leads(fk, after));
}
