import {
  athanorComment,
  dataLossOf,
  dependentsCheckNote,
  formatCall,
  jsString,
  operationCall,
} from "@athanor/autogenerate";
import {
  type Operation,
  type RequireNoDependents,
  type RevisionHeader,
  renderRevisionFile,
} from "@athanor/core";
import type { DrizzleKitMigration } from "./read-drizzle-kit-folder.js";
import type { SnapshotDowngrade } from "./snapshot-downgrade.js";

/** The comment line that ties a revision file to the drizzle-kit migration it came from. */
export const IMPORT_MARKER = "athanor-import: drizzle-kit";

/**
 * Where an imported revision came from, as recorded in its marker comment.
 *
 * @example
 * ```ts
 * const origin: ImportedOrigin = { tag: "0001_add_email", hash: "9f2c…" };
 * ```
 */
export interface ImportedOrigin {
  readonly tag: string;
  /** sha256 of the SQL file when it was imported. */
  readonly hash: string;
}

const MARKER_LINE = /^\/\/ athanor-import: drizzle-kit tag=("(?:[^"\\]|\\.)*") sha256=([0-9a-f]{64})$/m;

/**
 * Reads the marker comment of an imported revision file; `undefined` for any other file.
 *
 * @example
 * ```ts
 * readImportedOrigin(readFileSync(file, "utf8"))?.tag; // "0001_add_email"
 * ```
 */
export function readImportedOrigin(text: string): ImportedOrigin | undefined {
  const m = MARKER_LINE.exec(text);
  if (m === null) return undefined;
  return { tag: JSON.parse(m[1] ?? '""') as string, hash: m[2] ?? "" };
}

/** What {@link renderImportedRevision} needs. */
export interface ImportedRevisionInput {
  readonly header: RevisionHeader;
  readonly migration: DrizzleKitMigration;
  readonly downgrade: SnapshotDowngrade;
  /** Module exporting `defineRevision` and `AthanorError`; default `@athanor/core`. */
  readonly importFrom?: string;
  /**
   * The checks the upgrade opens with, before the file's SQL (`snapshotUpgradeChecks`), and the
   * downgrade's (`writtenDependentsChecks` of its operations), as autogenerate writes them.
   */
  readonly upgradeChecks?: readonly RequireNoDependents[];
  readonly downgradeChecks?: readonly RequireNoDependents[];
}

/** Each check under its note, as autogenerate writes them first in a revision. */
function checkLines(checks: readonly RequireNoDependents[], command: "upgrade" | "downgrade"): string[] {
  return checks.flatMap((check) => {
    const [method, args] = operationCall(check);
    return [athanorComment("NOTE", dependentsCheckNote(check, command)), formatCall(`op.${method}`, args)];
  });
}

// Placeholders for the SQL templates: renderRevisionFile indents body lines, which would change
// the SQL inside a multi-line template. NUL cannot occur in the rest of the rendered file.
const slot = (i: number) => `\u0000${i}\u0000`;

/** A template literal whose value is exactly `sql` (only `\`, backquote and `${` need escaping). */
function sqlTemplate(sql: string): string {
  return `\`${sql.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\``;
}

function downgradeBody(
  migration: DrizzleKitMigration,
  down: SnapshotDowngrade,
  checks: readonly RequireNoDependents[],
): string {
  if (down.kind === "irreversible") {
    return [
      athanorComment(
        "TODO",
        `irreversible — ${migration.tag} cannot be undone automatically: ${down.reason}.`,
      ),
      "throw new AthanorError(",
      '  "ATHANOR_IRREVERSIBLE_OPERATION",',
      `  ${jsString(`The drizzle-kit migration ${migration.tag} has no generated downgrade (${down.reason}); write it by hand in this revision.`)},`,
      `  { revision: ${jsString(migration.tag)} },`,
      ");",
    ].join("\n");
  }
  const lines = [
    athanorComment(
      "NOTE",
      "generated from drizzle-kit's snapshots; SQL edited by hand after `generate` is not reflected here.",
    ),
    ...down.notes.map((n) => athanorComment("NOTE", n)),
    ...checkLines(checks, "downgrade"),
  ];
  down.operations.forEach((op: Operation, i) => {
    const loss = down.dataLoss.find((w) => w.operationIndex === i)?.reason ?? dataLossOf(op);
    if (loss !== null) lines.push(athanorComment("WARNING", `drops data — ${loss}`));
    const [method, args] = operationCall(op);
    lines.push(formatCall(`op.${method}`, args));
  });
  return lines.join("\n");
}

/**
 * A revision module for one drizzle-kit migration: a marker comment with the tag and the SQL
 * file's sha256 (so a second import recognises it, and a changed file is noticed), an upgrade
 * that executes the file's statements byte for byte (one `op.execute` per
 * `--> statement-breakpoint` piece), and a downgrade of builder calls derived from the snapshot
 * pair, or a `TODO(athanor): irreversible` stub that throws ATHANOR_IRREVERSIBLE_OPERATION.
 *
 * @example
 * ```ts
 * const text = renderImportedRevision({ header, migration, downgrade: snapshotDowngrade(pair) });
 * ```
 */
export function renderImportedRevision(input: ImportedRevisionInput): string {
  const { migration } = input;
  const upgrade = [
    ...checkLines(input.upgradeChecks ?? [], "upgrade"),
    ...migration.statements.map((_, i) => `op.execute(${slot(i)});`),
  ].join("\n");
  let text = renderRevisionFile({
    header: input.header,
    upgradeBody: upgrade,
    downgradeBody: downgradeBody(migration, input.downgrade, input.downgradeChecks ?? []),
    importFrom: input.importFrom,
  });
  migration.statements.forEach((sql, i) => {
    text = text.replace(slot(i), () => sqlTemplate(sql));
  });
  if (input.downgrade.kind === "irreversible")
    text = text.replace("import { defineRevision } from", "import { AthanorError, defineRevision } from");
  const marker = [
    `// Imported from the drizzle-kit migration ${migration.tag}. The SQL is the file's, byte for byte;`,
    "// `athanor import drizzle` matches it by hash, so change the schema in a new revision instead.",
    `// ${IMPORT_MARKER} tag=${JSON.stringify(migration.tag)} sha256=${migration.hash}`,
  ];
  return `${marker.join("\n")}\n${text}`;
}
