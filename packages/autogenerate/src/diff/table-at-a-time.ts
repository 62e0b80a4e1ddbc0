import type { Operation, QualifiedName } from "@athanor/core";

/**
 * The table-change operations (bucket order) regrouped so that each table's changes are written
 * together (`DifferHooks.tableAtATime`): a dialect that rebuilds a table for a change (SQLite)
 * then finds them as one run and renders them as one rebuild (`Dialect.batchKey`). Inside a
 * table, index drops lead and index creations close (an index stands apart from the table's
 * definition there), everything else keeps bucket order — a new column before a key on it. Tables
 * come in the order they first appear, except that a table whose changes a foreign key depends on
 * comes before the table adding the key (after the one dropping it), and a name dropped on one
 * table is gone before another creates it. When that has no answer (a cycle), or an operation
 * names no table, the bucket order is kept as it is.
 *
 * @example
 * ```ts
 * tableAtATime([alterA, alterB, addIndexA, addFkB]); // [alterA, addIndexA, alterB, addFkB]
 * ```
 */
export function tableAtATime(ops: readonly Operation[]): readonly Operation[] {
  const groups = new Map<string, Operation[]>();
  for (const op of ops) {
    const table = tableOf(op);
    if (table === undefined) return ops;
    const group = groups.get(table) ?? [];
    if (group.length === 0) groups.set(table, group);
    group.push(op);
  }
  const order = groupOrder([...groups.keys()], allEdges(groups));
  if (order === undefined) return ops;
  return order.flatMap((table) => {
    const group = groups.get(table) ?? [];
    const rank = (op: Operation) =>
      op.kind === "dropIndex" ? 0 : op.kind === "createIndex" && !keyedOn(op, group) ? 2 : 1;
    return [0, 1, 2].flatMap((r) => group.filter((op) => rank(op) === r));
  });
}

/**
 * A unique index a foreign key the group adds to its own table refers to: it stays before the key
 * (SQLite checks the keys when the table is rebuilt for it, and a key needs its unique index).
 */
function keyedOn(index: Operation, group: readonly Operation[]): boolean {
  if (index.kind !== "createIndex" || index.unique !== true) return false;
  const columns = index.keys.map((k) => k.column ?? "").join("\u0000");
  return group.some(
    (op) =>
      op.kind === "addForeignKey" &&
      key(op.references.table) === key(op.table) &&
      op.references.columns.join("\u0000") === columns,
  );
}

function key(name: QualifiedName): string {
  return `${name.schema ?? ""}\u0000${name.name}`;
}

function tableOf(op: Operation): string | undefined {
  return "table" in op && typeof op.table === "object" && op.table !== null
    ? key(op.table as QualifiedName)
    : undefined;
}

/**
 * `[before, after]` pairs between the groups: what each group's operations need ordered around
 * them. Names match without case: an edge too many only narrows the order (a server that folds
 * names, SQLite, would otherwise miss one).
 */
function allEdges(groups: ReadonlyMap<string, readonly Operation[]>): [string, string][] {
  const index = (pairs: [string, string][]) => {
    const map = new Map<string, Set<string>>();
    for (const [name, table] of pairs) {
      const k = name.toLowerCase();
      map.set(k, (map.get(k) ?? new Set()).add(table));
    }
    return (name: string) => map.get(name.toLowerCase()) ?? new Set<string>();
  };
  const tablesNamed = index([...groups.keys()].map((t) => [t, t]));
  const creating = index(
    [...groups].flatMap(([t, ops]) =>
      ops.flatMap((o) => createdNames(o).map((n) => [n, t] as [string, string])),
    ),
  );
  const found: [string, string][] = [];
  for (const [table, group] of groups) {
    const others = (tables: Set<string>) => [...tables].filter((t) => t !== table);
    const parents = (pick: "added" | "dropped") =>
      new Set(group.flatMap((op) => referencedTables(op)[pick].flatMap((p) => others(tablesNamed(key(p))))));
    const adding = parents("added");
    for (const p of adding) found.push([p, table]);
    // a key to a parent replaced by another (an action changed, a key renamed) asks for the parent
    // both after and before the one group: the new key wins, SQLite checks keys only at COMMIT
    for (const p of parents("dropped")) if (!adding.has(p)) found.push([table, p]);
    for (const op of group) {
      const name = droppedName(op);
      if (name !== undefined) for (const t of others(creating(name))) found.push([table, t]);
    }
  }
  return found;
}

/** The tables a foreign key the operation adds, or drops, refers to. */
function referencedTables(op: Operation): { added: QualifiedName[]; dropped: QualifiedName[] } {
  if (op.kind === "addForeignKey") return { added: [op.references.table], dropped: [] };
  if (op.kind === "createTable")
    return { added: (op.foreignKeys ?? []).map((f) => f.references.table), dropped: [] };
  if (op.kind === "dropConstraint" && op.existing?.type === "foreignKey")
    return { added: [], dropped: [op.existing.references.table] };
  return { added: [], dropped: [] };
}

function droppedName(op: Operation): string | undefined {
  return op.kind === "dropIndex" || op.kind === "dropConstraint" ? op.name : undefined;
}

function createdNames(op: Operation): readonly string[] {
  switch (op.kind) {
    case "createIndex":
    case "addPrimaryKey":
    case "addUnique":
    case "addCheck":
    case "addForeignKey":
      return [op.name];
    case "createTable":
      return [op.primaryKey, ...(op.uniques ?? []), ...(op.checks ?? []), ...(op.foreignKeys ?? [])].flatMap(
        (c) => (c !== undefined && "name" in c && typeof c.name === "string" ? [c.name] : []),
      );
    default:
      return [];
  }
}

/** The groups in first-appearance order that keeps every edge, or undefined on a cycle. */
function groupOrder(tables: readonly string[], pairs: readonly [string, string][]): string[] | undefined {
  const waitingOn = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const [before, after] of pairs) waitingOn.get(after)?.add(before);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const next = tables.find(
      (t) => !placed.has(t) && [...(waitingOn.get(t) ?? [])].every((b) => placed.has(b)),
    );
    if (next === undefined) return undefined;
    order.push(next);
    placed.add(next);
  }
  return order;
}
