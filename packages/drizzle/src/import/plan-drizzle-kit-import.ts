import { createHash } from "node:crypto";
import { writtenDependentsChecks } from "@athanor/autogenerate";
import { AthanorError, type DifferHooks, parseRevisionHeader } from "@athanor/core";
import { resolvePgSnapshotsV9 } from "./pg-snapshot-v9.js";
import type { DrizzleKitHistory, DrizzleKitMigration } from "./read-drizzle-kit-folder.js";
import { readImportedOrigin, renderImportedRevision } from "./render-imported-revision.js";
import { snapshotDowngrade, snapshotUpgradeChecks } from "./snapshot-downgrade.js";

/** A revision file already in the versions folder. */
export interface ExistingRevisionFile {
  readonly file: string;
  readonly text: string;
}

/**
 * One drizzle-kit migration and the revision it maps to.
 *
 * @example
 * ```ts
 * const entry: ImportedRevision = { status: "new", id: "5d41402abc4b", parents: [], fileName: "5d41402abc4b_0000_init.ts",
 *   migration, text: "import { defineRevision } ..." };
 * ```
 */
export type ImportedRevision = {
  readonly migration: DrizzleKitMigration;
  readonly id: string;
  readonly parents: readonly string[];
} & (
  | {
      readonly status: "new";
      readonly fileName: string;
      readonly text: string;
      readonly irreversible: boolean;
    }
  | { readonly status: "unchanged"; readonly file: string }
);

/**
 * What importing a history would do: every migration in journal order with its revision
 * (new ones rendered, imported ones recognised by their marker), and imported revisions whose
 * migration is gone from the journal.
 */
export interface DrizzleKitImportPlan {
  readonly revisions: readonly ImportedRevision[];
  /** Files imported earlier whose tag the journal no longer lists (`drizzle-kit drop`). */
  readonly orphaned: readonly { readonly tag: string; readonly file: string }[];
}

/** Options of {@link planDrizzleKitImport}. */
export interface PlanImportOptions {
  /**
   * The differ hooks of the database the migrations are for (its dialect module's
   * `differHooks`): the downgrades are diffed from the snapshots with them.
   */
  readonly hooks: DifferHooks;
  /** Module exporting `defineRevision` in the written files; default `@athanor/core`. */
  readonly importFrom?: string;
}

/**
 * The revision id of a drizzle-kit migration: derived from its tag, so every clone of the
 * project (and every re-run of the import) names it the same.
 *
 * @example
 * ```ts
 * importedRevisionId("0000_init"); // 12 hex characters, always the same for this tag
 * ```
 */
export function importedRevisionId(tag: string): string {
  return createHash("sha256").update(`drizzle-kit\u0000${tag}`).digest("hex").slice(0, 12);
}

/**
 * Plans the import of a drizzle-kit history into a versions folder: a linear chain in journal
 * order (each revision's parent is the previous migration's), header message = the tag,
 * `createdAt` = the journal's `when`. Migrations already imported (found by the marker comment
 * in `existing`) keep their file; new ones are rendered. Pure: nothing is written. Throws
 * ATHANOR_DRIZZLE_KIT_SQL_CHANGED when the SQL of an imported migration changed since.
 *
 * @example
 * ```ts
 * const plan = planDrizzleKitImport(readDrizzleKitFolder("drizzle"), [], { hooks: postgresDifferHooks });
 * plan.revisions.filter((r) => r.status === "new").length; // every migration, the first time
 * ```
 */
export function planDrizzleKitImport(
  history: DrizzleKitHistory,
  existing: readonly ExistingRevisionFile[],
  options: PlanImportOptions,
): DrizzleKitImportPlan {
  const imported = new Map<string, { file: string; hash: string; id: string }>();
  for (const e of existing) {
    const origin = readImportedOrigin(e.text);
    if (origin !== undefined)
      imported.set(origin.tag, {
        file: e.file,
        hash: origin.hash,
        id: parseRevisionHeader(e.text, e.file).id,
      });
  }
  const changed = history.migrations.filter((m) => {
    const known = imported.get(m.tag);
    return known !== undefined && known.hash !== m.hash;
  });
  if (changed.length > 0) {
    const list = changed.map((m) => `${m.tag} (${imported.get(m.tag)?.file})`).join(", ");
    throw new AthanorError(
      "ATHANOR_DRIZZLE_KIT_SQL_CHANGED",
      `The SQL of ${list} changed after it was imported. An imported migration may already run in production, so athanor does not rewrite it.`,
      {
        tags: changed.map((m) => m.tag),
        files: changed.map((m) => imported.get(m.tag)?.file ?? ""),
        hint: "revert the edit and put the change in a new migration, or delete the revision file to import the new SQL",
      },
    );
  }
  const revisions: ImportedRevision[] = [];
  let parents: string[] = [];
  // drizzle-kit 1.0's delta snapshots (PostgreSQL version 9) are replayed into full ones first.
  const raw = history.migrations.map((m) => m.snapshot);
  const snapshots = history.dialect === "postgresql" ? resolvePgSnapshotsV9(raw) : raw;
  history.migrations.forEach((migration, i) => {
    const known = imported.get(migration.tag);
    if (known !== undefined) {
      revisions.push({ migration, id: known.id, parents, status: "unchanged", file: known.file });
    } else {
      const id = importedRevisionId(migration.tag);
      const pair = {
        dialect: history.dialect,
        hooks: options.hooks,
        previous: i === 0 ? null : (snapshots[i - 1] ?? undefined),
        current: snapshots[i],
        statementCount: migration.statements.length,
        statements: migration.statements,
      };
      const downgrade = snapshotDowngrade(pair);
      const text = renderImportedRevision({
        header: {
          id,
          parents,
          message: migration.tag,
          createdAt: new Date(migration.when).toISOString(),
          branchLabels: [],
          dependsOn: [],
          transactional: true,
        },
        migration,
        downgrade,
        // what the SQL drops or renames, guarded as autogenerate guards it
        upgradeChecks: snapshotUpgradeChecks(pair),
        downgradeChecks:
          downgrade.kind === "operations" ? writtenDependentsChecks(downgrade.operations, options.hooks) : [],
        ...(options.importFrom === undefined ? {} : { importFrom: options.importFrom }),
      });
      const fileName = `${id}_${migration.tag.replace(/[^A-Za-z0-9_]+/g, "_").slice(0, 60)}.ts`;
      revisions.push({
        migration,
        id,
        parents,
        status: "new",
        fileName,
        text,
        irreversible: downgrade.kind === "irreversible",
      });
    }
    parents = [revisions[revisions.length - 1]?.id ?? ""];
  });
  const tags = new Set(history.migrations.map((m) => m.tag));
  const orphaned = [...imported].filter(([tag]) => !tags.has(tag)).map(([tag, e]) => ({ tag, file: e.file }));
  return { revisions, orphaned };
}
