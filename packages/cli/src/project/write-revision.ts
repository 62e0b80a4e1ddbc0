import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  AthanorError,
  fileAccessError,
  hasControlCharacters,
  inertText,
  newRevisionId,
  type Phase,
  parseRevisionHeader,
  RevisionGraph,
  type RevisionHeader,
  type RevisionSource,
  renderRevisionFile,
} from "@athanor/core";
import type { Context } from "../context.js";
import type { Project } from "./load-project.js";

/** What `revision` and `merge` decide before a file is written. */
export interface NewRevision {
  readonly parents: readonly string[];
  readonly message: string;
  readonly branchLabels?: readonly string[] | undefined;
  readonly dependsOn?: readonly string[] | undefined;
  readonly phase?: Phase | undefined;
  /** `--rev-id`; a fresh random id otherwise. */
  readonly id?: string | undefined;
  /** The module text for the final header (autogenerate); an empty revision otherwise. */
  readonly render?: ((header: RevisionHeader) => string) | undefined;
}

/** Ids given with --rev-id also name a file, so they are held to a file-name-safe alphabet. */
const SAFE_ID = /^[A-Za-z0-9_]+$/;
const SLUG_LENGTH = 40;

/**
 * Validates a new revision against the whole graph (duplicate id, label clashes, unknown
 * dependencies — the graph's own coded errors), then writes `<id>_<slug>.ts` into the versions
 * folder, refusing to overwrite. Returns the graph that includes it.
 *
 * @example
 * ```ts
 * const { revision, graph } = writeRevision(ctx, project, { parents: ["ae10"], message: "add cart" });
 * ```
 */
export function writeRevision(
  ctx: Context,
  project: Project,
  spec: NewRevision,
): { revision: RevisionSource; graph: RevisionGraph } {
  const id = spec.id ?? newRevisionId();
  if (!SAFE_ID.test(id)) {
    throw new AthanorError(
      "ATHANOR_REVISION_ID_INVALID",
      `The revision id '${inertText(id)}' may only contain letters, digits and underscores (it becomes part of the file name).`,
      { id },
    );
  }
  if (hasControlCharacters(spec.message)) {
    throw new AthanorError(
      "ATHANOR_USAGE",
      `The message "${inertText(spec.message)}" holds a line break or another control character. A revision message is one line of plain text (it is printed in SQL comments and listings); nothing was written.`,
      { message: spec.message },
    );
  }
  const header: RevisionHeader = {
    id,
    parents: spec.parents,
    message: spec.message,
    createdAt: ctx.now().toISOString(),
    branchLabels: spec.branchLabels ?? [],
    dependsOn: spec.dependsOn ?? [],
    phase: spec.phase,
    transactional: true,
  };
  const slug = slugify(spec.message);
  const file = join(project.config.versions, slug === "" ? `${id}.ts` : `${id}_${slug}.ts`);
  const text = spec.render?.(header) ?? renderRevisionFile({ header });
  // The text is the truth: a renderer may adjust the header (autogenerate writes
  // `transactional: false` for a new enum value), and the module is checked against its text.
  const parsed = parseRevisionHeader(text, file);
  // Checked without its file first: the file does not exist yet, so a graph error must not name it.
  RevisionGraph.build([...project.revisions, parsed]);
  const revision: RevisionSource = { ...parsed, file };
  const graph = RevisionGraph.build([...project.revisions, revision]);
  try {
    writeFileSync(file, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw fileAccessError(error, file, "write");
    throw new AthanorError(
      "ATHANOR_FILE_EXISTS",
      `${file} already exists; nothing was written.`,
      { file },
      { cause: error },
    );
  }
  return { revision, graph };
}

/**
 * The file-name part of a message: lowercase ASCII words joined by `_`, cut at a word boundary
 * to at most 40 characters (Alembic's default).
 *
 * @example
 * ```ts
 * slugify("Add users.timezone (UTC)"); // "add_users_timezone_utc"
 * slugify("Résumé für Ärzte"); // "resume_fur_arzte"
 * ```
 */
export function slugify(message: string): string {
  const words =
    message
      .normalize("NFKD")
      // the accents NFKD splits off, so "Résumé" is "resume", not "re_sume"
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? [];
  let slug = "";
  for (const word of words) {
    const next = slug === "" ? word : `${slug}_${word}`;
    if (next.length > SLUG_LENGTH) return slug === "" ? word.slice(0, SLUG_LENGTH) : slug;
    slug = next;
  }
  return slug;
}
