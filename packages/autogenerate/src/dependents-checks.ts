import {
  tableLabel as label,
  type Operation,
  operations,
  type QualifiedName,
  type RequireNoDependents,
} from "@athanor/core";

// A revision that drops or renames a column, or drops a table, breaks what still names it
// outside the models — a hand-written view (MariaDB leaves it invalid, ERROR 1356 on every
// read), a trigger function (PostgreSQL does not track function bodies) — and the database says
// nothing. Objects outside the models may be created after autogenerate, so the check runs with
// the revision: `op.requireNoDependents` first in the upgrade or downgrade, over what it removes
// under the names they have before its first statement.

interface Removed {
  readonly table: QualifiedName;
  dropsTable: boolean;
  /** Column → whether the revision renames it (PostgreSQL views follow) or drops it. */
  readonly columns: Map<string, "dropped" | "renamed">;
  readonly syncTriggers: Set<string>;
}

/** Per table, under its name before `ops`, what `ops` remove for good, and the views they drop. */
function removedBy(ops: readonly Operation[]): { removed: Removed[]; views: Set<string> } {
  const byTable = new Map<string, Removed>();
  const before = new Map<string, QualifiedName>(); // a table's name now → its name before ops
  const created = new Set<string>(); // nothing outside the models names these yet
  const views = new Set<string>();
  const start = (t: QualifiedName) => before.get(label(t)) ?? t;
  const entry = (t: QualifiedName): Removed | undefined => {
    if (created.has(label(t))) return undefined;
    const table = start(t);
    const found = byTable.get(label(table));
    if (found !== undefined) return found;
    const made: Removed = { table, dropsTable: false, columns: new Map(), syncTriggers: new Set() };
    byTable.set(label(table), made);
    return made;
  };
  for (const op of ops) {
    if (op.kind === "createTable") created.add(label(op.table));
    else if (op.kind === "renameTable") {
      const to = { ...op.table, name: op.to };
      if (created.has(label(op.table))) created.add(label(to));
      else before.set(label(to), start(op.table));
    } else if (op.kind === "dropTable") {
      const e = entry(op.table);
      if (e !== undefined) e.dropsTable = true;
    } else if (op.kind === "dropColumn") entry(op.table)?.columns.set(op.column, "dropped");
    else if (op.kind === "renameColumn") {
      const e = entry(op.table);
      if (e !== undefined && !e.columns.has(op.from)) e.columns.set(op.from, "renamed");
    } else if (op.kind === "dropView") views.add(op.name.name);
    else if (op.kind === "dropSyncTrigger") entry(op.table)?.syncTriggers.add(op.name);
  }
  // a name given back (a type change renames its new column into place; a column dropped and
  // added again) is there again once the revision has run
  for (const op of ops) {
    const e = "table" in op ? byTable.get(label(start(op.table))) : undefined;
    if (op.kind === "renameColumn") e?.columns.delete(op.to);
    else if (op.kind === "addColumn") e?.columns.delete(op.column.name);
  }
  return { removed: [...byTable.values()].filter((r) => r.dropsTable || r.columns.size > 0), views };
}

/**
 * The `op.requireNoDependents` checks to run before `ops`: one per table `ops` drop, or drop or
 * rename columns of, under the name it has before the first of them (a table created by `ops`
 * is left out), passing over the views and sync triggers `ops` drop themselves.
 *
 * @example
 * ```ts
 * dependentsChecks([operations.renameColumn("users", "mail", "email"), operations.dropTable("old")]);
 * // [requireNoDependents("users", [{ renamed: "mail" }]), requireNoDependents("old", "table")]
 * ```
 */
export function dependentsChecks(ops: readonly Operation[]): RequireNoDependents[] {
  const { removed, views } = removedBy(ops);
  return removed.map((r) => {
    const except = {
      ...(views.size > 0 ? { views: [...views] } : {}),
      ...(r.syncTriggers.size > 0 ? { syncTriggers: [...r.syncTriggers] } : {}),
    };
    const columns = r.dropsTable
      ? ("table" as const)
      : [...r.columns].map(([name, how]) => (how === "renamed" ? { renamed: name } : name));
    return operations.requireNoDependents(
      r.table,
      columns,
      Object.keys(except).length > 0 ? except : undefined,
    );
  });
}

/**
 * The comment written above a check: what it refuses, and the way past it.
 *
 * @example
 * ```ts
 * dependentsCheckNote(check, "downgrade"); // "refuses, before anything below runs, while ..."
 * ```
 */
export function dependentsCheckNote(check: RequireNoDependents, command: "upgrade" | "downgrade"): string {
  const table = label(check.table);
  const target =
    check.columns === "table" ? `the table ${table}` : check.columns.map((c) => `${table}.${c}`).join(", ");
  return `refuses, before anything below runs, while a view, trigger or routine outside the models still names ${target} (it would break silently); \`${command} --allow-broken-dependents\` runs it anyway.`;
}
