import type { LintFinding, MigrationLockHolder } from "@athanor/core";
import { inertText } from "@athanor/core/text";
import { type Colors, createColors } from "../colors.js";
import type { Context } from "../context.js";
import { revisionWord } from "../format/shell-word.js";
import { partialRunLine } from "./partial-run-line.js";
import { describeWait, type HeadWork, PHASE_GROUPS } from "./pending-work.js";
import type { StatusReport } from "./status-report.js";

/**
 * The human form of `athanor status`: the verdict, where the database is, per head what is
 * pending grouped by phase (with what waits and why), then lint, checksums and the lock. Colour
 * only when `ctx.color`; the words carry the meaning either way.
 *
 * @example
 * ```ts
 * printLines(ctx, statusLines(ctx, report));
 * ```
 */
export function statusLines(ctx: Pick<Context, "color">, report: StatusReport): string[] {
  const c = createColors(ctx.color);
  const verdictColour =
    report.verdict.kind === "blocked" ||
    report.verdict.kind === "repair" ||
    report.verdict.kind === "fix-lint"
      ? c.red
      : report.verdict.kind === "busy"
        ? c.yellow
        : c.green;
  const { versionTable } = report;
  const rows = !versionTable.exists
    ? "no version table yet (base)"
    : versionTable.heads.length === 0
      ? "empty (base)"
      : inertText(versionTable.heads.join(", "));
  const lines = [c.bold(verdictColour(report.verdict.line)), "", `Database:      ${report.database}`];
  lines.push(`Dev database:  ${report.devDatabase}`, `Version table: ${rows}`);
  for (const run of versionTable.partialRuns) lines.push(c.red(`Partial run:   ${partialRunLine(run)}`));
  for (const head of report.heads) lines.push("", ...headLines(c, head));
  lines.push("", ...lintLines(c, report), checksumLine(report), lockLine(report));
  for (const i of report.invalidIndexes)
    lines.push(
      c.red(
        `Invalid index: ${inertText(`${i.schema}.${i.index}`)} on ${inertText(i.table)} — drop it with \`${inertText(i.fix)}\``,
      ),
    );
  if (report.cluster !== undefined) lines.push(`Cluster:       ${inertText(report.cluster.summary)}`);
  return lines;
}

function headLines(c: Colors, work: HeadWork): string[] {
  const labels = work.labels.length > 0 ? ` (${work.labels.join(", ")})` : "";
  const at = work.databaseAt.length > 0 ? work.databaseAt.join(", ") : "base";
  const title = `Head ${c.bold(work.head)}${labels}`;
  if (work.pending.length === 0) return [`${title}: up to date`];
  const waiting = work.pending.filter((p) => p.waitsFor !== null).length;
  const lines = [
    `${title}: database at ${at}; ${work.pending.length} pending${waiting > 0 ? `, ${waiting} waiting` : ""}`,
  ];
  // What runs now, grouped by phase; then what waits, in the order it will run (a contract
  // step before what builds on it), so every "waits for" names a line above it.
  const now = work.pending.filter((p) => p.waitsFor === null);
  const grouped = PHASE_GROUPS.flatMap((group) => now.filter((p) => p.phase === group));
  for (const p of [...grouped, ...work.pending.filter((q) => q.waitsFor !== null)]) {
    const wait = p.waitsFor === null ? "" : c.yellow(`  waits for: ${describeWait(p.waitsFor)}`);
    lines.push(`  ${p.phase.padEnd(9)} ${p.revision}  ${p.message}${wait}`);
  }
  return lines;
}

function lintLines(c: Colors, report: StatusReport): string[] {
  const { lint } = report;
  if (lint.revisions === 0) return ["Lint:          nothing pending to lint"];
  const { error, warning, info } = lint.counts;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const silenced = lint.silenced > 0 ? `, ${lint.silenced} silenced` : "";
  const summary = `${plural(error, "error")}, ${plural(warning, "warning")}, ${info} info in ${plural(lint.revisions, "pending revision")}${silenced}`;
  const shown = lint.top.map(
    (f) => `  ${severity(c, f)} ${f.ruleId}  ${f.revision}${where(f)}: ${f.message}`,
  );
  const all = error + warning + info;
  const more = all > lint.top.length ? [`  … ${all - lint.top.length} more: \`athanor lint\``] : [];
  return [`Lint:          ${summary}`, ...shown, ...more];
}

function severity(c: Colors, f: LintFinding): string {
  const padded = f.severity.padEnd(7);
  return f.severity === "error" ? c.red(padded) : f.severity === "warning" ? c.yellow(padded) : padded;
}

function where(f: LintFinding): string {
  return f.operationIndex === null ? "" : ` #${f.operationIndex} ${f.operationKind}`;
}

function checksumLine(report: StatusReport): string {
  const { checksums } = report;
  if (checksums.state === "ok") return "Checksums:     ok";
  if (checksums.state === "unchecked")
    return "Checksums:     not checked (the version table names unknown revisions)";
  const revisions = checksums.mismatched.map((m) => m.revision);
  const ids = inertText(revisions.join(", "));
  return `Checksums:     ${checksums.mismatched.length} mismatched: ${ids} — revert the edit, or \`athanor checksums accept ${revisions.map(revisionWord).join(" ")}\``;
}

function lockLine(report: StatusReport): string {
  const { lock } = report;
  if (lock.state === "free") return "Lock:          free";
  if (lock.state === "unknown") return "Lock:          unknown (this dialect cannot tell who holds it)";
  return `Lock:          held by ${describeHolder(lock.holder)}`;
}

/**
 * The holder of the migration lock in words: pid, application, user, host, since when, state.
 *
 * @example
 * ```ts
 * describeHolder(holder); // 'pid 4242, application "athanor", user deploy from 10.0.0.7, session since 2026-01-02T03:04:05Z, idle'
 * ```
 */
export function describeHolder(holder: MigrationLockHolder): string {
  const parts = [`pid ${holder.pid}`];
  if (holder.applicationName !== null && holder.applicationName !== "")
    parts.push(`application "${holder.applicationName}"`);
  if (holder.user !== null)
    parts.push(`user ${holder.user}${holder.clientAddr ? ` from ${holder.clientAddr}` : ""}`);
  if (holder.backendStart !== null) parts.push(`session since ${holder.backendStart}`);
  if (holder.state !== null) parts.push(holder.state);
  return parts.join(", ");
}
