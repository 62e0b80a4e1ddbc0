import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { AthanorError } from "../errors.js";
import type { RevisionDefinition, RevisionSource } from "./revision.js";

/**
 * An unfilled placeholder: `TODO(athanor)` opening a SQL comment inside a value the revision hands
 * to `op` (autogenerate writes `"/* TODO(athanor): expression *\/ NULL"` for a backfill the user
 * must fill). Run as is it would write NULLs. A `// TODO(athanor): …` comment line is guidance,
 * not a placeholder.
 */
const PLACEHOLDER = /\/\*\s*TODO\(athanor\)/;

/** Where a revision still holds a placeholder. */
export interface TodoPlaceholder {
  readonly revision: string;
  /** The revision file, relative to the working folder when inside it; null for an in-memory module. */
  readonly file: string | null;
  /** 1-based line in the file; null when the text is not at hand. */
  readonly line: number | null;
}

/**
 * The unfilled `TODO(athanor)` placeholders of one direction of a revision: found in the
 * function's own source (so a stub left in `downgrade` does not block `upgrade`), located in the
 * file by line.
 *
 * @example
 * ```ts
 * findTodoPlaceholders(source, definition, "upgrade"); // [{ revision: "b2", file: "migrations/versions/b2_tz.ts", line: 14 }]
 * ```
 */
export function findTodoPlaceholders(
  source: Pick<RevisionSource, "id" | "file">,
  definition: RevisionDefinition,
  direction: "upgrade" | "downgrade",
): TodoPlaceholder[] {
  if (!hasTodoPlaceholder(definition, direction)) return [];
  const file = source.file === undefined ? null : shown(source.file);
  const lines = source.file === undefined ? undefined : readLines(source.file);
  const found = lines === undefined ? [] : linesIn(lines, direction);
  if (found.length === 0) return [{ revision: source.id, file, line: null }];
  return found.map((line) => ({ revision: source.id, file, line }));
}

/**
 * Whether the text of one direction's function holds an unfilled placeholder (where in the file
 * is {@link findTodoPlaceholders}' to say).
 *
 * @example
 * ```ts
 * hasTodoPlaceholder(definition, "upgrade"); // true
 * ```
 */
export function hasTodoPlaceholder(
  definition: RevisionDefinition,
  direction: "upgrade" | "downgrade",
): boolean {
  const fn = definition[direction] as unknown;
  return typeof fn === "function" && PLACEHOLDER.test(Function.prototype.toString.call(fn));
}

/**
 * Refuses to run (or render) revisions that still hold placeholders: ATHANOR_TODO_PLACEHOLDER
 * naming each file:line. Called before anything is applied.
 *
 * @example
 * ```ts
 * refuseTodoPlaceholders(placeholders, "upgrade"); // throws when placeholders is not empty
 * ```
 */
export function refuseTodoPlaceholders(
  placeholders: readonly TodoPlaceholder[],
  direction: "upgrade" | "downgrade",
): void {
  if (placeholders.length === 0) return;
  const where = placeholders.map(locationOf);
  const revisions = [...new Set(placeholders.map((p) => p.revision))];
  throw new AthanorError(
    "ATHANOR_TODO_PLACEHOLDER",
    `${revisions.length === 1 ? "Revision" : "Revisions"} ${revisions.join(", ")} still ${revisions.length === 1 ? "holds" : "hold"} an unfilled TODO(athanor) placeholder in ${direction}() (${where.join(", ")}); run as is it would write NULLs. ` +
      "Replace each placeholder with the SQL expression to write (or remove the step), then run again. Nothing was run.",
    {
      direction,
      placeholders: placeholders.map((p) => ({ ...p })),
      hint: "fill the TODO(athanor) placeholders",
    },
  );
}

/** `file:line` (or the revision id when the module has no file). */
export function locationOf(p: TodoPlaceholder): string {
  if (p.file === null) return `revision ${p.revision}`;
  return p.line === null ? p.file : `${p.file}:${p.line}`;
}

function shown(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

function readLines(file: string): string[] | undefined {
  try {
    return readFileSync(file, "utf8").split(/\r?\n/);
  } catch {
    return undefined;
  }
}

/** Lines holding a placeholder inside the `upgrade`/`downgrade` method (all of them when the methods cannot be told apart). */
function linesIn(lines: readonly string[], direction: "upgrade" | "downgrade"): number[] {
  const starts = lines.flatMap((text, i) => {
    const m = /^\s*(?:async\s+)?(upgrade|downgrade)\s*(?:\(|:)/.exec(text);
    return m === null ? [] : [{ i, method: m[1] }];
  });
  const all = lines.flatMap((text, i) => (PLACEHOLDER.test(text) ? [i] : []));
  if (starts.length === 0) return all.map((i) => i + 1);
  return all
    .filter((i) => [...starts].reverse().find((s) => s.i <= i)?.method === direction)
    .map((i) => i + 1);
}
