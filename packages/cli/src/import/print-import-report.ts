import { inertText } from "@athanor/core/text";
import type { Context } from "../context.js";
import { displayPath, EXIT, printJson, printLines } from "../output.js";
import type { ImportDrizzleKitReport } from "./import-drizzle-kit.js";

/**
 * Prints the outcome of `athanor import drizzle` and returns the exit code: 1 when drizzle
 * skipped migrations (the adoption needs the listed commands), 0 otherwise.
 *
 * @example
 * ```ts
 * return printImportReport(ctx, await importDrizzleKit(ctx, configPath, options));
 * ```
 */
export function printImportReport(ctx: Context, report: ImportDrizzleKitReport): number {
  const skipped = report.database?.statuses.filter((s) => s.status === "skipped") ?? [];
  const code = skipped.length > 0 ? EXIT.failure : EXIT.ok;
  if (ctx.json) {
    printJson(ctx, {
      folder: report.folder,
      format: report.format,
      dialect: report.dialect,
      versions: report.versions,
      dryRun: report.dryRun,
      revisions: report.plan.revisions.map((r) => ({
        tag: r.migration.tag,
        revision: r.id,
        parents: r.parents,
        status: r.status,
        file: r.status === "new" ? `${report.versions}/${r.fileName}` : r.file,
        irreversible: r.status === "new" ? r.irreversible : undefined,
      })),
      orphaned: report.plan.orphaned,
      database: report.database ?? null,
      databaseSkipped: report.databaseSkipped ?? null,
    });
    return code;
  }
  const created = report.plan.revisions.filter((r) => r.status === "new");
  const lines = [
    `drizzle-kit ${report.format === "journal" ? "journal" : "1.0 folder"} history in ${displayPath(ctx, report.folder)}: ${report.plan.revisions.length} migration(s), ${report.dialect}`,
  ];
  for (const r of created) {
    const note = r.irreversible ? "  (downgrade: irreversible, see TODO)" : "";
    const verb = report.dryRun ? "would write" : "wrote";
    lines.push(`  ${verb} ${displayPath(ctx, `${report.versions}/${r.fileName}`)}${note}`);
  }
  const kept = report.plan.revisions.length - created.length;
  if (kept > 0) lines.push(`  ${kept} already imported, unchanged`);
  for (const o of report.plan.orphaned)
    lines.push(
      `  warning: ${displayPath(ctx, o.file)} was imported from ${inertText(o.tag)}, which the journal no longer lists`,
    );
  const db = report.database;
  if (db === undefined) {
    lines.push(`database not consulted: ${report.databaseSkipped}`);
  } else if (!db.drizzleTableFound) {
    lines.push(
      "database: drizzle's migrations table does not exist; nothing stamped (`athanor upgrade` applies all)",
    );
  } else if (db.alreadyTracked) {
    lines.push(
      "database: athanor's version table already has rows; left as it is (use `athanor stamp` to change it)",
    );
  } else {
    lines.push(
      db.stampedAt === null
        ? "database: no imported migration had run; nothing stamped"
        : `database: stamped at ${db.stampedAt} (${db.statuses.find((s) => s.revision === db.stampedAt)?.tag})`,
    );
  }
  for (const s of db?.statuses ?? []) {
    if (s.status === "appliedChanged")
      lines.push(
        `  warning: ${s.tag} ran, but its SQL file changed afterwards (hash differs; matched by created_at)`,
      );
    if (s.status === "skipped")
      lines.push(
        `  skipped by drizzle: ${s.tag} (${s.revision}) never ran — it is older than the newest applied migration, and drizzle's migrator only applies newer ones`,
      );
  }
  for (const row of db?.unknownRows ?? [])
    lines.push(
      `  warning: the database ran a migration this folder does not have (hash ${row.hash.slice(0, 12)}…)`,
    );
  if ((db?.nextSteps.length ?? 0) > 0) {
    lines.push("to finish adopting, run in this order:");
    for (const step of db?.nextSteps ?? []) lines.push(`  ${step}`);
  }
  printLines(ctx, lines);
  return code;
}
