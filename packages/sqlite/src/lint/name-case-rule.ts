import { defineLintRule, differsOnlyInCase, type LintRule, type Operation, tableLabel } from "@athanor/core";
import { WRITE_LOCK } from "./write-lock.js";

/** The name a later operation of the revision frees: a table or index it drops or renames away. */
function freed(op: Operation, kind: "createTable" | "createIndex"): string | undefined {
  if (kind === "createTable") {
    if (op.kind === "dropTable") return op.table.name;
    if (op.kind === "renameTable") return op.table.name;
    return undefined;
  }
  if (op.kind === "dropIndex") return op.name;
  if (op.kind === "renameIndex") return op.from;
  return undefined;
}

/**
 * `sqlite/name-case-clash`: SQLite compares table and index names without case, so a table or
 * index created while another of the same name in another case still exists — dropped only later
 * in the revision, as autogenerate writes `sqliteTable("users")` → `sqliteTable("Users")` without
 * `--rename` — fails ("table "Users" already exists") on every upgrade, after lint passed it.
 *
 * @example
 * ```ts
 * lintRevisions(revisions, { rules: [nameCaseRule], dialect: { name: "sqlite" } });
 * ```
 */
export const nameCaseRule: LintRule = defineLintRule({
  id: "sqlite/name-case-clash",
  dialects: ["sqlite"],
  kinds: ["createTable", "createIndex"],
  severity: "error",
  summary: "creates a table or index whose name, ignoring case, is still taken: SQLite refuses it",
  lock: WRITE_LOCK,
  rewritesTable: false,
  scansTable: false,
  breaksRunningCode: false,
  safeRecipe:
    "if it is the same table, rename it (revision --autogenerate --rename users:Users: SQLite renames it through a temporary name); an index: drop the old one first",
  check(op, context) {
    if (op.kind !== "createTable" && op.kind !== "createIndex") return undefined;
    const name = op.kind === "createTable" ? op.table.name : op.name;
    const later = context.revision.operations.slice(context.index + 1);
    const taken = later
      .map((o) => freed(o, op.kind))
      .find((other) => other !== undefined && differsOnlyInCase(other, name));
    if (taken === undefined) return undefined;
    const what = op.kind === "createTable" ? "table" : "index";
    return {
      message: `${what === "table" ? tableLabel(op.table) : name} is created while the ${what} ${taken} still exists (this revision drops or renames it only later): SQLite compares names without case, so the CREATE fails.`,
      table: op.table,
    };
  },
});
