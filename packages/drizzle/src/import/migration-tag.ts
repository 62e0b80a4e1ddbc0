import { hasControlCharacters, inertText } from "@athanor/core";

/**
 * Why a drizzle-kit tag (a journal `tag`, or a 1.0 migration folder's name) cannot be carried
 * into a revision, or undefined when it can. The tag names a file of the folder (`<tag>.sql`) and
 * is written into the revision's comment lines, header and output: a path would read SQL from
 * elsewhere, a control character (a line break, U+2028 included, ends a `//` comment) would turn
 * the rest of the line into code. A backslash is an ordinary character on Linux and macOS (the
 * marker keeps it escaped), but a folder separator on Windows.
 *
 * @example
 * ```ts
 * migrationTagProblem("0003_add_users"); // undefined
 * migrationTagProblem("../0003"); // "contains a slash: …"
 * ```
 */
export function migrationTagProblem(
  tag: string,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (tag === "" || tag === "." || tag === "..")
    return "is not a file name: it names no file of the folder but the folder itself or its parent";
  if (tag.includes("/"))
    return "contains a slash: `<tag>.sql` would be read from another folder than the migrations folder";
  if (tag.includes("\\") && platform === "win32")
    return "contains a backslash, which Windows reads as a folder separator: `<tag>.sql` would be read from another folder";
  if (hasControlCharacters(tag))
    return "contains a control character (shown escaped), which would break the revision file's comment lines and the output";
  return undefined;
}

/** A tag as a message shows it: quoted, each control character as its visible escape. */
export function shownTag(tag: string): string {
  return `"${inertText(tag)}"`;
}
