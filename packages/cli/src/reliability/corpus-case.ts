import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A revision written from a short description, so most corpus cases need no file text. `up` and
 * `down` are the bodies of `upgrade(op)` and `downgrade(op)`.
 */
export interface CorpusRevision {
  readonly id: string;
  readonly parents?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly branchLabels?: readonly string[];
  readonly up?: string;
  readonly down?: string;
  /** File name; default `<id>_rev.ts`. */
  readonly file?: string;
}

/**
 * One bad input and what athanor must answer: the project to write, commands that set the
 * database up (they must succeed), the damage done after them, the command under test, and the
 * coded error and exit code it must give. `{{url}}` in any string is the test database's URL.
 */
export interface CorpusCase {
  readonly name: string;
  readonly about: string;
  /** `athanor.config.ts` text; default a PostgreSQL project. `null`: no config at all. */
  readonly config?: string | null;
  readonly revisions?: readonly CorpusRevision[];
  /** Extra files, path relative to the project → text. */
  readonly files?: Readonly<Record<string, string>>;
  /** Symbolic links, path relative to the project → target (written as given; may dangle or loop). */
  readonly symlinks?: Readonly<Record<string, string>>;
  readonly setup?: readonly (readonly string[])[];
  /** Files rewritten after the setup commands (an applied revision edited...). */
  readonly afterSetup?: {
    readonly revisions?: readonly CorpusRevision[];
    readonly remove?: readonly string[];
    readonly sql?: readonly string[];
  };
  /** `DATABASE_URL` for every command; default `{{url}}`. */
  readonly databaseUrl?: string;
  readonly argv: readonly string[];
  /** `cause`: the code of the error a wrapping one (ATHANOR_MIGRATION_FAILED) carries in its meta. */
  readonly expect: { readonly code: string; readonly exit: 1 | 2; readonly cause?: string };
}

export const DEFAULT_CONFIG =
  'import { defineConfig } from "athanor";\n\nexport default defineConfig({ dialect: "postgresql", versions: "migrations/versions" });\n';

const CORPUS_DIR = fileURLToPath(new URL("./corpus/", import.meta.url));

/**
 * Every case in `corpus/*.json` (each file an array, grouped by kind), with its file name.
 *
 * @example
 * ```ts
 * for (const { file, entry } of loadCorpus()) it(`${file}: ${entry.name}`, ...);
 * ```
 */
export function loadCorpus(): { file: string; entry: CorpusCase }[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((file) =>
      (JSON.parse(readFileSync(join(CORPUS_DIR, file), "utf8")) as CorpusCase[]).map((entry) => ({
        file,
        entry,
      })),
    );
}

/** Writes the case's project into `dir` (config, revisions, files). */
export function writeCaseProject(dir: string, entry: CorpusCase, url: string): void {
  const config = entry.config === undefined ? DEFAULT_CONFIG : entry.config;
  if (config !== null) put(dir, "athanor.config.ts", fill(config, url));
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  writeRevisions(dir, entry.revisions ?? [], url);
  for (const [path, text] of Object.entries(entry.files ?? {})) put(dir, path, fill(text, url));
  for (const [path, target] of Object.entries(entry.symlinks ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    rmSync(join(dir, path), { force: true, recursive: true });
    symlinkSync(target, join(dir, path));
  }
}

/** Applies `afterSetup` to the project folder (the SQL part is the caller's). */
export function damageProject(dir: string, entry: CorpusCase, url: string): void {
  writeRevisions(dir, entry.afterSetup?.revisions ?? [], url);
  for (const path of entry.afterSetup?.remove ?? [])
    rmSync(join(dir, path), { force: true, recursive: true });
}

/** `{{url}}` → the database URL. */
export function fill(text: string, url: string): string {
  return text.replaceAll("{{url}}", url);
}

function writeRevisions(dir: string, revisions: readonly CorpusRevision[], url: string): void {
  for (const r of revisions) {
    const header = [
      `  id: ${JSON.stringify(r.id)},`,
      `  parents: ${JSON.stringify(r.parents ?? [])},`,
      `  message: ${JSON.stringify(`revision ${r.id}`)},`,
      ...(r.branchLabels ? [`  branchLabels: ${JSON.stringify(r.branchLabels)},`] : []),
      ...(r.dependsOn ? [`  dependsOn: ${JSON.stringify(r.dependsOn)},`] : []),
    ];
    const text = [
      'import { defineRevision } from "@athanor/core";',
      "",
      "export default defineRevision({",
      ...header,
      `  upgrade(op) {\n    ${fill(r.up ?? "void op;", url)}\n  },`,
      `  downgrade(op) {\n    ${fill(r.down ?? "void op;", url)}\n  },`,
      "});",
      "",
    ].join("\n");
    put(dir, join("migrations", "versions", r.file ?? `${safeFileName(r.id)}_rev.ts`), text);
  }
}

// ids in the corpus may hold characters a file name cannot
function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 40) || "_";
}

function put(dir: string, path: string, text: string): void {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
