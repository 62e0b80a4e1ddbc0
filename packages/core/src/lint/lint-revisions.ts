import type { Operation } from "../ops/operation.js";
import { applyIgnores, CORE_LINT_RULES, revisionFinding } from "./apply-ignores.js";
import { countFindings, type LintFinding, type LintReport, type SilencedFinding } from "./lint-finding.js";
import { tableLabel } from "./lint-helpers.js";
import type { LintContext, LintDialectInfo, LintHit, LintRevision, LintRule } from "./lint-rule.js";
import { revisionShapeFindings } from "./revision-findings.js";

/** Below this many rows (per a table-size hint) lock and rewrite findings drop to `info`. */
export const DEFAULT_SMALL_TABLE_ROWS = 10_000;

/**
 * How to lint: the rules (a dialect package's list), the target database, and optional
 * table-size hints (`{ "users": 12_000_000, "audit.events": 300 }`).
 *
 * @example
 * ```ts
 * const options: LintOptions = { rules: postgresLintRules, dialect: { name: "postgresql", version: [15] } };
 * ```
 */
export interface LintOptions {
  readonly rules: readonly LintRule[];
  readonly dialect: LintDialectInfo;
  /** Estimated rows per table, keyed `schema.table` or `table`. */
  readonly tableRows?: Readonly<Record<string, number>> | undefined;
  /** Default {@link DEFAULT_SMALL_TABLE_ROWS}. */
  readonly smallTableRows?: number | undefined;
  /**
   * Revisions already applied before the linted ones (oldest first): their operations are what
   * the rules see as earlier history (a validated NOT NULL check), but they get no findings.
   */
  readonly history?: readonly LintRevision[] | undefined;
}

/**
 * Lints revisions, oldest first, against the rules that apply to the dialect. Pure and
 * synchronous: record the operations first (`recordOperations`, or `lintMigrations` for both).
 * Each operation goes to every rule registered for its kind; findings a revision silences with
 * a reason are returned separately.
 *
 * @example
 * ```ts
 * const report = lintRevisions([{ header, operations, queries: [] }], { rules, dialect: { name: "postgresql" } });
 * report.findings.map((f) => f.ruleId); // ["pg/index-not-concurrent"]
 * ```
 */
export function lintRevisions(revisions: readonly LintRevision[], options: LintOptions): LintReport {
  const active = options.rules.filter(
    (rule) => rule.dialects.length === 0 || rule.dialects.includes(options.dialect.name),
  );
  const byKind = new Map<string, LintRule[]>();
  for (const rule of active) {
    for (const kind of rule.kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), rule]);
  }
  const ruleIds = {
    known: new Set([...options.rules.map((r) => r.id), ...Object.keys(CORE_LINT_RULES)]),
    active: new Set([...active.map((r) => r.id), ...Object.keys(CORE_LINT_RULES)]),
  };
  const findings: LintFinding[] = [];
  const silenced: SilencedFinding[] = [];
  const earlier: Operation[] = (options.history ?? []).flatMap((r) => r.operations);
  for (const revision of revisions) {
    const raw: LintFinding[] = [...revisionNotes(revision), ...revisionShapeFindings(revision)];
    revision.operations.forEach((operation, index) => {
      const context: LintContext = { revision, index, dialect: options.dialect, earlier };
      for (const rule of byKind.get(operation.kind) ?? []) {
        const hit = rule.check(operation, context);
        if (hit !== undefined) raw.push(toFinding(rule, hit, revision, index, operation, options));
      }
    });
    const outcome = applyIgnores(revision, raw, ruleIds);
    findings.push(...outcome.kept);
    silenced.push(...outcome.silenced);
    earlier.push(...revision.operations);
  }
  return {
    dialect: options.dialect.name,
    revisions: revisions.map((r) => r.header.id),
    findings,
    silenced,
    counts: countFindings(findings),
  };
}

function revisionNotes(revision: LintRevision): LintFinding[] {
  const notes = revision.queries.map((query) =>
    revisionFinding(
      revision,
      "core/query-not-linted",
      `op.query(${JSON.stringify(shorten(query.sql))}) runs after operation #${query.afterOperation}; lint cannot judge what it does, and recorded the rest of upgrade() as if it returned no rows.`,
    ),
  );
  if (revision.recordingFailure !== undefined) {
    notes.push(
      revisionFinding(
        revision,
        "core/upgrade-not-recorded",
        `upgrade(op) threw while lint recorded it (${revision.recordingFailure}); only the ${revision.operations.length} operation(s) built before the error were linted.`,
        "make upgrade() tolerate an empty op.query() result, or lint that revision by hand",
      ),
    );
  }
  return notes;
}

function toFinding(
  rule: LintRule,
  hit: LintHit,
  revision: LintRevision,
  index: number,
  operation: Operation,
  options: LintOptions,
): LintFinding {
  const effects = {
    lock: hit.lock !== undefined ? hit.lock : rule.lock,
    rewritesTable: hit.rewritesTable ?? rule.rewritesTable,
    scansTable: hit.scansTable ?? rule.scansTable,
    breaksRunningCode: hit.breaksRunningCode ?? rule.breaksRunningCode,
  };
  let severity = hit.severity ?? rule.severity;
  let message = hit.message;
  const rows =
    hit.table === undefined ? undefined : rowsOf(options.tableRows, tableLabel(hit.table), hit.table.name);
  const small = options.smallTableRows ?? DEFAULT_SMALL_TABLE_ROWS;
  // A lock on a small table is brief; code that breaks breaks whatever the size.
  if (rows !== undefined && rows < small && !effects.breaksRunningCode && severity !== "info") {
    severity = "info";
    message += ` The table-size hint says about ${rows} rows (below ${small}), so this is brief.`;
  } else if (rows !== undefined && (effects.rewritesTable || effects.scansTable)) {
    message += ` The table-size hint says about ${rows} rows.`;
  }
  return {
    ruleId: rule.id,
    severity,
    revision: revision.header.id,
    file: revision.file ?? null,
    operationIndex: index,
    operationKind: operation.kind,
    table: hit.table === undefined ? null : tableLabel(hit.table),
    message,
    ...effects,
    safeRecipe: hit.safeRecipe ?? rule.safeRecipe,
  };
}

function rowsOf(
  hints: Readonly<Record<string, number>> | undefined,
  label: string,
  name: string,
): number | undefined {
  if (hints === undefined) return undefined;
  return hints[label] ?? hints[name];
}

function shorten(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
