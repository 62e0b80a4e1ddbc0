import type { LintFinding, LintReport, LintSeverity, SilencedFinding } from "@athanor/core";
import { inertText } from "@athanor/core/text";
import { createColors } from "../colors.js";
import type { Context } from "../context.js";
import { displayPath } from "../output.js";

/** What the printer may add about a revision besides its id (its message, from the graph). */
export interface LintPrintOptions {
  readonly describeRevision?: ((id: string) => string | undefined) | undefined;
}

/**
 * The human form of a lint report: findings grouped by revision, worst first within a revision's
 * operation order, each with its lock/rewrite/scan effects and the safe recipe; silenced findings
 * are listed with their reasons; a summary line ends it. Severity colours only when `ctx.color`.
 * `athanor lint` prints it; `revision --autogenerate` and `upgrade --sql` can print the same.
 *
 * @example
 * ```ts
 * ctx.stderr.write(`${lintReportLines(ctx, report).join("\n")}\n`);
 * ```
 */
export function lintReportLines(ctx: Context, report: LintReport, options: LintPrintOptions = {}): string[] {
  const colors = createColors(ctx.color);
  const paint: Record<LintSeverity, (s: string) => string> = {
    error: (s) => colors.red(colors.bold(s)),
    warning: colors.yellow,
    info: colors.cyan,
  };
  const lines: string[] = [];
  for (const id of report.revisions) {
    const findings = report.findings.filter((f) => f.revision === id);
    const silenced = report.silenced.filter((f) => f.revision === id);
    if (findings.length === 0 && silenced.length === 0) continue;
    const first = findings[0] ?? silenced[0];
    const message = options.describeRevision?.(id);
    const file = first?.file ? colors.dim(` (${displayPath(ctx, first.file)})`) : "";
    lines.push(`${colors.bold(id)}${message ? ` ${message}` : ""}${file}`);
    for (const f of findings) {
      lines.push(`  ${paint[f.severity](f.severity.padEnd(7))} ${f.ruleId}${where(f)}`);
      // messages name tables and columns from revision files: a line break in one stays an escape
      lines.push(`          ${inertText(f.message)}`);
      const effects = effectsOf(f);
      if (effects !== "") lines.push(`          ${colors.dim(effects)}`);
      if (f.safeRecipe !== null) lines.push(`          ${colors.green("safe:")} ${inertText(f.safeRecipe)}`);
    }
    for (const f of silenced)
      lines.push(`  ${colors.dim(`silenced ${f.ruleId}${where(f)}: ${inertText(f.reason)}`)}`);
    lines.push("");
  }
  lines.push(summaryOf(report));
  return lines;
}

/**
 * Writes {@link lintReportLines} to stdout.
 *
 * @example
 * ```ts
 * printLintReport(ctx, report, { describeRevision: (id) => graph.get(id)?.message });
 * ```
 */
export function printLintReport(ctx: Context, report: LintReport, options: LintPrintOptions = {}): void {
  ctx.stdout.write(`${lintReportLines(ctx, report, options).join("\n")}\n`);
}

/**
 * The `--json` form: the report with file paths relative to the working directory.
 *
 * @example
 * ```ts
 * printJson(ctx, lintReportJson(ctx, report));
 * ```
 */
export function lintReportJson(ctx: Context, report: LintReport): LintReport {
  const relative = <F extends LintFinding | SilencedFinding>(f: F): F =>
    f.file === null ? f : { ...f, file: displayPath(ctx, f.file) };
  return {
    dialect: report.dialect,
    revisions: report.revisions,
    counts: report.counts,
    findings: report.findings.map(relative),
    silenced: report.silenced.map(relative),
  };
}

function where(f: LintFinding): string {
  if (f.operationIndex === null) return "";
  return ` at #${f.operationIndex} ${f.operationKind}${f.table === null ? "" : ` on ${inertText(f.table)}`}`;
}

function effectsOf(f: LintFinding): string {
  const parts: string[] = [];
  if (f.lock !== null) parts.push(`lock: ${f.lock}`);
  if (f.rewritesTable) parts.push("rewrites the table");
  if (f.scansTable) parts.push("scans the table");
  if (f.breaksRunningCode) parts.push("breaks running code");
  return parts.join(" · ");
}

function summaryOf(report: LintReport): string {
  const { error, warning, info } = report.counts;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const silenced = report.silenced.length === 0 ? "" : `, ${report.silenced.length} silenced`;
  const scope = plural(report.revisions.length, "revision");
  if (error + warning + info === 0) return `No lint findings in ${scope}${silenced}.`;
  return `${plural(error, "error")}, ${plural(warning, "warning")}, ${info} info in ${scope}${silenced}.`;
}
