import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { AthanorError, isAthanorError } from "../errors.js";
import { parseRevisionHeader } from "./parse-revision-header.js";
import {
  headerOf,
  REVISION_HEADER_FIELDS,
  type RevisionDefinition,
  type RevisionHeader,
  type RevisionSource,
} from "./revision.js";

/**
 * Imports a module and returns its namespace. The default uses Node's native `import()`, which
 * is all compiled JavaScript needs; a CLI may pass a TypeScript-aware importer so `.ts` revisions
 * run without a build step. When `expected.checksum` is given (the checksum the runner verifies
 * and records), an importer that reads the file itself should run only text with exactly that
 * {@link fileChecksum} and throw `ATHANOR_REVISION_CHANGED_DURING_RUN` otherwise.
 */
export type RevisionImporter = (file: string, expected?: ExpectedRevisionText) => Promise<unknown>;

/** What the caller of a {@link RevisionImporter} knows about the text that should run. */
export interface ExpectedRevisionText {
  /** `fileChecksum` of the text, as verified against the history and recorded there. */
  readonly checksum: string;
  /**
   * The very text `checksum` was just computed from, when the caller read the file for it: an
   * importer may compile this instead of reading and hashing the file again (a cold run then
   * reads each revision once for both), and what runs is still exactly the checksummed text.
   */
  readonly text?: string | undefined;
}

/** A revision whose code has been imported and checked against its statically read header. */
export interface LoadedRevision {
  readonly file: string;
  readonly header: RevisionHeader;
  readonly definition: RevisionDefinition;
}

/** Node's own loader: enough for `.js`/`.mjs` revisions. */
export const nativeImporter: RevisionImporter = (file) => import(pathToFileURL(file).href);

/**
 * Imports a revision module when its code is about to run, and checks that its default export
 * declares exactly the header that was read from its text (`parseRevisionHeader`). A mismatch
 * (say, a stale compiled file next to an edited source) throws `ATHANOR_REVISION_HEADER_MISMATCH`;
 * a module that fails to import, or exports no revision, throws `ATHANOR_REVISION_LOAD_FAILED`.
 *
 * Pass the {@link RevisionSource} the graph holds to skip re-reading the header, or just a path;
 * pass `text` to have the importer check that the text it runs has the verified checksum.
 *
 * @example
 * ```ts
 * const { definition } = await loadRevisionModule(graph.require("3f2a9c1b7d4e"));
 * await definition.upgrade(op);
 * ```
 */
export async function loadRevisionModule(
  revision: string | RevisionSource,
  importer: RevisionImporter = nativeImporter,
  text?: ExpectedRevisionText,
): Promise<LoadedRevision> {
  const file = typeof revision === "string" ? revision : revision.file;
  if (file === undefined) {
    throw new AthanorError(
      "ATHANOR_REVISION_LOAD_FAILED",
      `The revision ${typeof revision === "string" ? revision : revision.id} has no file to import; it was built in memory.`,
      { revision: typeof revision === "string" ? revision : revision.id },
    );
  }
  const expected =
    typeof revision === "string" ? parseRevisionHeader(await readFile(file, "utf8"), file) : revision;

  let namespace: unknown;
  try {
    namespace = await importer(file, text);
  } catch (error) {
    if (isAthanorError(error)) throw error;
    throw new AthanorError(
      "ATHANOR_REVISION_LOAD_FAILED",
      `Importing the revision ${expected.id} (${file}) failed: ${error instanceof Error ? error.message : String(error)}. Fix the module so it imports cleanly (run it through tsc to see the exact error).`,
      { file, revision: expected.id },
      { cause: error },
    );
  }

  const definition = defaultExport(namespace);
  if (!isDefinition(definition)) {
    throw new AthanorError(
      "ATHANOR_REVISION_LOAD_FAILED",
      `${file} does not default-export a revision: expected \`export default defineRevision({ id, ..., upgrade(op) {}, downgrade(op) {} })\`.`,
      { file, revision: expected.id },
    );
  }
  const actual = headerOf(definition);
  const differing = REVISION_HEADER_FIELDS.filter((key) => !sameValue(actual[key], expected[key]));
  if (differing.length > 0) {
    throw new AthanorError(
      "ATHANOR_REVISION_HEADER_MISMATCH",
      `${file}: the module's default export declares a different ${differing.join(", ")} than its source text (${differing
        .map(
          (key) =>
            `${key}: ${JSON.stringify(expected[key])} in the text, ${JSON.stringify(actual[key])} when run`,
        )
        .join(
          "; ",
        )}). Header fields must be plain literals, and a compiled file must be rebuilt after its source changes.`,
      { file, revision: expected.id, fields: differing },
    );
  }
  return { file, header: actual, definition };
}

function defaultExport(namespace: unknown): unknown {
  if (typeof namespace !== "object" || namespace === null || !("default" in namespace)) return namespace;
  const inner = (namespace as { default: unknown }).default;
  // CommonJS interop can wrap the export once more.
  if (typeof inner === "object" && inner !== null && "default" in inner && !("id" in inner)) {
    return (inner as { default: unknown }).default;
  }
  return inner;
}

function isDefinition(value: unknown): value is RevisionDefinition {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.id === "string" &&
    typeof candidate.upgrade === "function" &&
    typeof candidate.downgrade === "function"
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}
