import { revisionFinding } from "./apply-ignores.js";
import type { LintFinding } from "./lint-finding.js";
import { isSchemaChange, tableLabel } from "./lint-helpers.js";
import type { LintRevision } from "./lint-rule.js";

/**
 * Findings about a revision as a whole, from what recording its `upgrade(op)` saw: unfilled
 * `TODO(athanor)` placeholders (the runner refuses them too), and schema changes mixed with a
 * batched backfill (a failure between them leaves a half-applied revision, and on PostgreSQL the
 * DDL's locks would be held across batches).
 *
 * @example
 * ```ts
 * revisionShapeFindings(revision).map((f) => f.ruleId); // ["core/ddl-with-backfill"]
 * ```
 */
export function revisionShapeFindings(revision: LintRevision): LintFinding[] {
  const out: LintFinding[] = [];
  for (const where of revision.placeholders ?? []) {
    out.push(
      revisionFinding(
        revision,
        "core/todo-placeholder",
        `${where} holds an unfilled TODO(athanor) placeholder in upgrade(): run as is it would write NULLs, so upgrade refuses it.`,
        "replace the placeholder with the SQL expression to write, e.g. set: { tz: \"'UTC'\" }",
      ),
    );
  }
  const backfills = revision.backfills ?? [];
  const ddl = revision.operations.filter(isSchemaChange);
  if (backfills.length > 0 && ddl.length > 0) {
    const tables = [...new Set(backfills.map((b) => tableLabel(b.table)))];
    out.push(
      revisionFinding(
        revision,
        "core/ddl-with-backfill",
        `upgrade() runs ${ddl.length} schema change${ddl.length === 1 ? "" : "s"} (first: ${ddl[0]?.kind}) and a batched backfill of ${tables.join(", ")} in one revision: a failure between them leaves the revision half applied, and schema locks would be held while rows are written.`,
        'move the op.backfill() calls into a revision of their own (phase: "migrate"), between the revision that adds the columns and the one that constrains them',
      ),
    );
  }
  return out;
}
