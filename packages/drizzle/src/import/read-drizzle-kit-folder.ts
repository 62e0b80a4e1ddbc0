import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { AthanorError, inertText } from "@athanor/core";
import { migrationTagProblem, shownTag } from "./migration-tag.js";

/** The two layouts drizzle-kit writes: 0.x (`meta/_journal.json`) and 1.0 (a folder per migration). */
export type DrizzleKitFormat = "journal" | "folders";

/** The dialects an imported history can be replayed on. */
export type DrizzleKitDialect = "postgresql" | "mysql" | "sqlite";

/**
 * One migration of a drizzle-kit history, in the order drizzle-kit applies them.
 *
 * @example
 * ```ts
 * const m: DrizzleKitMigration = { tag: "0001_add_email", when: 1735689600000, file: "/app/drizzle/0001_add_email.sql",
 *   sql: "ALTER TABLE ...", hash: "9f2c…", statements: ["ALTER TABLE ..."], snapshot: { version: "7" } };
 * ```
 */
export interface DrizzleKitMigration {
  /** The journal tag (`0001_add_email`) or, in the 1.0 layout, the folder name. */
  readonly tag: string;
  /** Milliseconds since the epoch: the journal's `when`, which drizzle stores as `created_at`. */
  readonly when: number;
  /** Absolute path of the SQL file. */
  readonly file: string;
  /** The SQL file's text, unchanged. */
  readonly sql: string;
  /** sha256 (hex) of the SQL file's text: what drizzle's migrator stores as `hash`. */
  readonly hash: string;
  /** The file split on `--> statement-breakpoint`, each piece byte for byte; blank pieces left out. */
  readonly statements: readonly string[];
  /** The parsed schema snapshot written with this migration, or `null` when there is none. */
  readonly snapshot: unknown;
}

/**
 * A drizzle-kit migrations folder, read.
 *
 * @example
 * ```ts
 * const history = readDrizzleKitFolder("/app/drizzle");
 * history.migrations.map((m) => m.tag); // ["0000_init", "0001_add_email"]
 * ```
 */
export interface DrizzleKitHistory {
  readonly folder: string;
  readonly format: DrizzleKitFormat;
  readonly dialect: DrizzleKitDialect;
  readonly migrations: readonly DrizzleKitMigration[];
}

/** drizzle-kit's statement separator, inserted by `generate` (`breakpoints: true`, the default). */
export const STATEMENT_BREAKPOINT = "--> statement-breakpoint";

/**
 * sha256 of a migration file's text, as drizzle-orm's migrator computes it for `__drizzle_migrations.hash`.
 *
 * @example
 * ```ts
 * drizzleKitHash("SELECT 1;"); // 64 hex characters
 * ```
 */
export function drizzleKitHash(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/**
 * Reads a drizzle-kit migrations folder in either layout: 0.x (`meta/_journal.json`, `NNNN_tag.sql`,
 * `meta/NNNN_snapshot.json`) or 1.0 (`<YYYYMMDDHHmmss>_<name>/migration.sql` + `snapshot.json`,
 * ordered by folder name). Throws ATHANOR_DRIZZLE_KIT_FOLDER_INVALID naming the file at fault.
 *
 * @example
 * ```ts
 * const { format, dialect, migrations } = readDrizzleKitFolder("/app/drizzle");
 * ```
 */
export function readDrizzleKitFolder(folder: string, dialectHint?: DrizzleKitDialect): DrizzleKitHistory {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw invalid(folder, `The drizzle-kit migrations folder ${folder} does not exist.`, {
      hint: "pass --out <folder> or set `out` in drizzle.config.ts",
    });
  }
  const journal = join(folder, "meta", "_journal.json");
  return existsSync(journal) ? readJournalLayout(folder, journal) : readFolderLayout(folder, dialectHint);
}

interface JournalEntry {
  readonly idx: number;
  readonly when: number;
  readonly tag: string;
}

function readJournalLayout(folder: string, journalFile: string): DrizzleKitHistory {
  const journal = readJson(journalFile) as { dialect?: unknown; entries?: unknown };
  if (!Array.isArray(journal.entries)) throw invalid(journalFile, `${journalFile} has no \`entries\` array.`);
  const seen = new Map<string, number>();
  const entries = journal.entries.map((raw, position): JournalEntry => {
    const e = raw as Partial<JournalEntry>;
    if (typeof e.tag !== "string" || typeof e.when !== "number") {
      throw invalid(
        journalFile,
        `Entry #${position} of ${journalFile} lacks a string \`tag\` or numeric \`when\`.`,
      );
    }
    const problem = migrationTagProblem(e.tag);
    if (problem !== undefined) {
      throw invalid(
        journalFile,
        `Entry #${position} of ${journalFile} has the tag ${shownTag(e.tag)}, which athanor cannot import: it ${problem}. drizzle-kit's tags are like "0003_add_users"; rename the migration (its .sql file and the journal's tag) and import again.`,
        { tag: inertText(e.tag), entry: position },
      );
    }
    const first = seen.get(e.tag);
    if (first !== undefined) {
      throw invalid(
        journalFile,
        `Entries #${first} and #${position} of ${journalFile} both have the tag ${shownTag(e.tag)}: each migration needs its own tag (its own .sql file and revision).`,
        { tag: inertText(e.tag), entry: position },
      );
    }
    seen.set(e.tag, position);
    return { idx: typeof e.idx === "number" ? e.idx : position, when: e.when, tag: e.tag };
  });
  const migrations = entries.map((entry) => {
    const file = join(folder, `${entry.tag}.sql`);
    // The snapshot is named after the tag's prefix (`0003`, or a timestamp with --prefix timestamp).
    const prefix = entry.tag.split("_")[0] ?? "";
    const candidates = [`${prefix}_snapshot.json`, `${String(entry.idx).padStart(4, "0")}_snapshot.json`];
    const snapshotFile = candidates.map((c) => join(folder, "meta", c)).find((f) => existsSync(f));
    return migrationOf(entry.tag, entry.when, file, snapshotFile);
  });
  return { folder, format: "journal", dialect: dialectOf(journal.dialect, journalFile), migrations };
}

const FOLDER_NAME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/;

function readFolderLayout(folder: string, dialectHint: DrizzleKitDialect | undefined): DrizzleKitHistory {
  const names = readdirSync(folder)
    .filter((name) => existsSync(join(folder, name, "migration.sql")))
    .sort();
  if (names.length === 0) {
    throw invalid(
      folder,
      `${folder} holds neither meta/_journal.json nor <timestamp>_<name>/migration.sql folders.`,
      {
        hint: "point --out at the folder drizzle-kit generates into (`out` in drizzle.config.ts)",
      },
    );
  }
  const migrations = names.map((name) => {
    const problem = migrationTagProblem(name);
    if (problem !== undefined) {
      throw invalid(
        join(folder, name),
        `The migration folder ${shownTag(name)} in ${folder} cannot be imported: its name ${problem}. Rename the folder and import again.`,
        { tag: inertText(name) },
      );
    }
    const m = FOLDER_NAME.exec(name);
    // drizzle-kit 1.0 derives the migration's time from its folder name, in UTC.
    const [y, mo, d, h, mi, s] = (m?.slice(1) ?? []).map(Number);
    const when = m === null ? 0 : Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
    const snapshot = join(folder, name, "snapshot.json");
    return migrationOf(
      name,
      when,
      join(folder, name, "migration.sql"),
      existsSync(snapshot) ? snapshot : undefined,
    );
  });
  const first = migrations.find((m) => m.snapshot !== null)?.snapshot as { dialect?: unknown } | undefined;
  const dialect = first?.dialect === undefined ? dialectHint : dialectOf(first.dialect, folder);
  if (dialect === undefined) {
    throw invalid(folder, `Cannot tell the dialect of ${folder}: no snapshot names one.`, {
      hint: "set `dialect` in drizzle.config.ts or athanor.config.ts",
    });
  }
  return { folder, format: "folders", dialect, migrations };
}

function migrationOf(
  tag: string,
  when: number,
  file: string,
  snapshotFile: string | undefined,
): DrizzleKitMigration {
  if (!existsSync(file))
    throw invalid(file, `The journal names ${shownTag(tag)}, but ${inertText(file)} does not exist.`);
  const sql = readFileSync(file, "utf8");
  const statements = sql.split(STATEMENT_BREAKPOINT).filter((s) => s.trim() !== "");
  return {
    tag,
    when,
    file,
    sql,
    hash: drizzleKitHash(sql),
    statements,
    snapshot: snapshotFile === undefined ? null : readJson(snapshotFile),
  };
}

function dialectOf(value: unknown, file: string): DrizzleKitDialect {
  if (value === "postgresql" || value === "postgres") return "postgresql";
  if (value === "mysql") return "mysql";
  // drizzle-kit's `turso` writes the same SQLite snapshots and SQL
  if (value === "sqlite" || value === "turso") return "sqlite";
  throw invalid(
    file,
    `${file} is for dialect ${JSON.stringify(value)}; athanor imports postgresql, mysql and sqlite histories.`,
  );
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw invalid(
      file,
      `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

function invalid(file: string, message: string, meta: Record<string, unknown> = {}): AthanorError {
  return new AthanorError("ATHANOR_DRIZZLE_KIT_FOLDER_INVALID", message, { file, ...meta });
}
