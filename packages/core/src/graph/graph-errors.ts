import { AthanorError, type ErrorCode } from "../errors.js";
import type { RevisionSource } from "../revision/revision.js";
import { CONTROL_CHARACTERS, hasControlCharacters, inertText } from "../text/inert-text.js";

/** Characters Alembic forbids in ids, plus whitespace and control characters. */
const ILLEGAL_ID = new RegExp(`[@\\-+:\\s${CONTROL_CHARACTERS}]`, "g");
const ILLEGAL_ID_TEST = new RegExp(`[@\\-+:\\s${CONTROL_CHARACTERS}]`);
/** Labels may contain `-` (feature-x is common) but not what the target grammar splits on. */
const ILLEGAL_LABEL = new RegExp(`[@:\\s${CONTROL_CHARACTERS}]`);

/** Words of the target grammar; an id or label spelled like one could never be addressed. */
export const RESERVED_SYMBOLS: ReadonlySet<string> = new Set(["head", "heads", "base", "current"]);

/**
 * Where a revision came from, for messages: its file when known, else its id.
 *
 * @example
 * ```ts
 * describe({ id: "a1", file: "/m/versions/a1.ts", ... }); // "a1 (/m/versions/a1.ts)"
 * ```
 */
export function describe(source: RevisionSource): string {
  const id = inertText(String(source.id));
  return source.file === undefined ? `'${id}'` : `'${id}' (${inertText(source.file)})`;
}

/**
 * The files of the given revisions, skipping those built in memory.
 *
 * @example
 * ```ts
 * filesOf([a, b]); // ["/m/versions/a.ts", "/m/versions/b.ts"]
 * ```
 */
export function filesOf(sources: readonly RevisionSource[]): string[] {
  return sources.flatMap((s) => (s.file === undefined ? [] : [s.file]));
}

/**
 * Builds a graph-validation error whose meta always carries `files` and `revisions`.
 *
 * @example
 * ```ts
 * throw graphError("ATHANOR_SELF_LOOP", "…", [source], { field: "parents" });
 * ```
 */
export function graphError(
  code: ErrorCode,
  message: string,
  involved: readonly RevisionSource[],
  meta: Record<string, unknown> = {},
): AthanorError {
  return new AthanorError(code, message, {
    files: filesOf(involved),
    revisions: involved.map((s) => s.id),
    ...meta,
  });
}

/**
 * Throws ATHANOR_REVISION_ID_INVALID unless `source.id` is a usable revision id.
 *
 * @example
 * ```ts
 * checkRevisionId({ id: "bad-rev", ... }); // throws: Character(s) '-' not allowed …
 * ```
 */
export function checkRevisionId(source: RevisionSource): void {
  const id: unknown = source.id;
  if (typeof id !== "string" || id.length === 0) {
    throw graphError(
      "ATHANOR_REVISION_ID_INVALID",
      `A revision in ${source.file ?? "memory"} has an empty or missing id. Set \`id\` to a short unique string such as "3f2a9c1b7d4e".`,
      [source],
    );
  }
  if (ILLEGAL_ID_TEST.test(id)) {
    const illegal = [...new Set(id.match(ILLEGAL_ID) ?? [])];
    throw graphError(
      "ATHANOR_REVISION_ID_INVALID",
      `Character(s) ${illegal.map((c) => JSON.stringify(c)).join(", ")} not allowed in revision id '${inertText(id)}' in ${describe(source)}: @ - + : and whitespace are part of the target grammar (label@head, rev+2, a:b), and control characters would end up in SQL and terminals. Rename the id, and update every parents/dependsOn that names it.`,
      [source],
      { id, characters: illegal },
    );
  }
  if (typeof source.message === "string" && hasControlCharacters(source.message)) {
    // A message is one line of text: it is printed after `-- ` in offline SQL and in every
    // listing, where a line break or an escape sequence would turn it into SQL or fake output.
    throw graphError(
      "ATHANOR_REVISION_FILE_INVALID",
      `The message of revision '${id}' in ${source.file ?? "memory"} holds a line break or another control character ("${inertText(source.message)}"). A message is one line of plain text; remove them.`,
      [source],
      { id, field: "message" },
    );
  }
  if (RESERVED_SYMBOLS.has(id)) {
    throw graphError(
      "ATHANOR_REVISION_ID_INVALID",
      `Revision id '${id}' in ${describe(source)} is a reserved word of the target grammar (head, heads, base, current) and could never be addressed. Choose another id.`,
      [source],
      { id },
    );
  }
  if (id.length > MAX_REVISION_ID_LENGTH) {
    throw graphError(
      "ATHANOR_REVISION_ID_INVALID",
      `Revision id '${id}' in ${describe(source)} is ${id.length} characters long; the version table holds at most ${MAX_REVISION_ID_LENGTH}. Choose a shorter id (athanor generates 12).`,
      [source],
      { id, length: id.length, max: MAX_REVISION_ID_LENGTH },
    );
  }
}

/** The width of the version table's `version_num` column. */
export const MAX_REVISION_ID_LENGTH = 64;

/**
 * Throws ATHANOR_BRANCH_LABEL_INVALID unless `label` can be used in `label@head`.
 *
 * @example
 * ```ts
 * checkBranchLabel(source, "feature@x"); // throws
 * ```
 */
export function checkBranchLabel(source: RevisionSource, label: unknown): void {
  const problem =
    typeof label !== "string" || label.length === 0
      ? "is empty"
      : RESERVED_SYMBOLS.has(label)
        ? "is a reserved word (head, heads, base, current)"
        : ILLEGAL_LABEL.test(label)
          ? "contains @, :, whitespace or a control character"
          : undefined;
  if (problem !== undefined) {
    throw graphError(
      "ATHANOR_BRANCH_LABEL_INVALID",
      `Branch label ${JSON.stringify(label)} of revision ${describe(source)} ${problem}, so it could not be used in targets like '<label>@head'. Rename the label.`,
      [source],
      { label: typeof label === "string" ? label : String(label) },
    );
  }
}
