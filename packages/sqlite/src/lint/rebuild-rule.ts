import {
  createdInThisRevision,
  defineLintRule,
  type LintRule,
  type Operation,
  tableLabel,
} from "@athanor/core";
import { rebuildBatchKey } from "../render/rebuild-batch.js";
import { addColumnRebuildReason } from "../render/rebuild-ops.js";
import { WRITE_LOCK } from "./write-lock.js";

const WHY: Readonly<Record<string, string>> = {
  alterColumn: "changing a column",
  addPrimaryKey: "adding a primary key",
  addUnique: "adding a UNIQUE constraint",
  addForeignKey: "adding a foreign key",
  addCheck: "adding a check",
  dropConstraint: "dropping a constraint",
};

/**
 * `sqlite/table-rebuild`: an operation SQLite's ALTER TABLE cannot do is a rebuild of the table
 * (docs/sqlite.md): every row is copied into a new table and its indexes are built again, inside
 * the revision's transaction, which holds the database's one write lock throughout. The finding
 * names the table; with the live row count (read from the database file where it exists) lint's
 * size rule makes it `info` for a small table and states the rows otherwise.
 *
 * @example
 * ```ts
 * lintRevisions(revisions, { rules: sqliteLintRules, dialect: { name: "sqlite" }, tableRows: { users: 2_000_000 } });
 * ```
 */
export const tableRebuildRule: LintRule = defineLintRule({
  id: "sqlite/table-rebuild",
  dialects: ["sqlite"],
  kinds: [
    "alterColumn",
    "addPrimaryKey",
    "addUnique",
    "addForeignKey",
    "addCheck",
    "dropConstraint",
    "addColumn",
  ],
  severity: "warning",
  summary:
    "the operation rebuilds the table: every row is copied and every index rebuilt under the database's write lock",
  lock: WRITE_LOCK,
  rewritesTable: true,
  scansTable: true,
  breaksRunningCode: false,
  safeRecipe:
    "run it when writers can wait for a copy of the table; write a table's changes one after another (a run of them is one copy; one with an index or another table's change between is a copy of its own — autogenerate writes them together), and prefer what SQLite does in place: a nullable or constant-default ADD COLUMN, a unique index instead of a UNIQUE constraint",
  check: (op, context) => {
    if (createdInThisRevision(context, op.table)) return undefined;
    const why = rebuildReason(op);
    if (why === undefined) return undefined;
    // a run of changes to one table is one rebuild (render/rebuild-batch.ts): one finding, on its first
    const ops = context.revision.operations;
    const key = rebuildBatchKey(op);
    const run = (from: number, step: number) => {
      const found: Operation[] = [];
      for (let i = from; ops[i] !== undefined && rebuildBatchKey(ops[i] as Operation) === key; i += step)
        found.push(ops[i] as Operation);
      return found;
    };
    if (run(context.index - 1, -1).some((o) => rebuildReason(o) !== undefined)) return undefined;
    const more = run(context.index + 1, 1).length;
    const what = op.kind === "addColumn" ? `adding ${op.column.name} as ${why}` : why;
    return {
      message: `${what[0]?.toUpperCase()}${what.slice(1)}${more === 0 ? "" : ` (and the ${more} change${more === 1 ? "" : "s"} to it right after, in the same rebuild)`} rebuilds ${tableLabel(op.table)} on SQLite: every row is copied into a new table and its indexes are built again, while other writers wait.`,
      table: op.table,
    };
  },
});

/** Why `op` rebuilds its table on its own, or undefined. */
function rebuildReason(op: Operation): string | undefined {
  return op.kind === "addColumn" ? addColumnRebuildReason(op.column) : WHY[op.kind];
}
