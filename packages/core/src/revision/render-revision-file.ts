import type { LintIgnore, RevisionHeader } from "./revision.js";

/** What {@link renderRevisionFile} needs. */
export interface RenderRevisionFileInput {
  readonly header: RevisionHeader;
  /** Statements of `upgrade(op)`, unindented, one per line. Empty → an empty body. */
  readonly upgradeBody?: string | undefined;
  readonly downgradeBody?: string | undefined;
  /** Module that exports `defineRevision`. The runtime package, so compiled revisions need no CLI. */
  readonly importFrom?: string | undefined;
}

/** Biome's line width for the repository and for generated files. */
const LINE_WIDTH = 110;
const INDENT = "  ";

/**
 * Renders a revision module as formatted TypeScript (Biome style: double quotes, trailing commas,
 * 2-space indent). Optional fields at their default (no labels, no dependencies, no phase,
 * transactional) are left out so a reviewer only reads what matters; `parents` is always written
 * so a base is visibly a base. The output round-trips through {@link parseRevisionHeader}.
 *
 * @example
 * ```ts
 * renderRevisionFile({
 *   header: { id: "3f2a9c1b7d4e", parents: ["a1b2c3d4e5f6"], message: "add users.timezone",
 *             branchLabels: [], dependsOn: [], transactional: true },
 *   upgradeBody: 'op.execute("ALTER TABLE users ADD COLUMN timezone text");',
 * });
 * ```
 */
export function renderRevisionFile(input: RenderRevisionFileInput): string {
  const { header } = input;
  const fields: string[] = [
    property("id", header.id),
    property("parents", header.parents),
    property("message", header.message),
  ];
  if (header.createdAt !== undefined) fields.push(property("createdAt", header.createdAt));
  if (header.branchLabels.length > 0) fields.push(property("branchLabels", header.branchLabels));
  if (header.dependsOn.length > 0) fields.push(property("dependsOn", header.dependsOn));
  if (header.phase !== undefined) fields.push(property("phase", header.phase));
  if (!header.transactional) fields.push(`${INDENT}transactional: false,`);
  const ignores = header.lint?.ignore ?? [];
  if (ignores.length > 0) fields.push(lintProperty(ignores));
  const blank = isEmpty(input.upgradeBody) && isEmpty(input.downgradeBody);
  // A blank revision (`athanor revision -m`) says where to start; `op` is there to be used.
  if (blank)
    fields.push(
      `${INDENT}// Build the change with op (op.addColumn, op.createIndex, op.execute, ...): docs/revision-files.md`,
    );
  fields.push(method("upgrade", input.upgradeBody, blank), method("downgrade", input.downgradeBody, blank));

  return [
    `import { defineRevision } from ${quote(input.importFrom ?? "@athanor/core")};`,
    "",
    "export default defineRevision({",
    ...fields,
    "});",
    "",
  ].join("\n");
}

function property(key: string, value: string | readonly string[]): string {
  if (typeof value === "string") return `${INDENT}${key}: ${quote(value)},`;
  const inline = `${INDENT}${key}: [${value.map(quote).join(", ")}],`;
  if (inline.length <= LINE_WIDTH) return inline;
  return [
    `${INDENT}${key}: [`,
    ...value.map((item) => `${INDENT}${INDENT}${quote(item)},`),
    `${INDENT}],`,
  ].join("\n");
}

/** `lint: { ignore: [...] }`, one ignore per line so each reason reads on its own. */
function lintProperty(ignores: readonly LintIgnore[]): string {
  const items = ignores.map(
    (i) => `${INDENT.repeat(3)}{ rule: ${quote(i.rule)}, reason: ${quote(i.reason ?? "")} },`,
  );
  return [
    `${INDENT}lint: {`,
    `${INDENT}${INDENT}ignore: [`,
    ...items,
    `${INDENT}${INDENT}],`,
    `${INDENT}},`,
  ].join("\n");
}

/** A string literal in Biome's style: double quotes unless single quotes need fewer escapes. */
function quote(value: string): string {
  const json = JSON.stringify(value);
  const doubles = value.split('"').length - 1;
  const singles = value.split("'").length - 1;
  if (doubles <= singles) return json;
  const inner = json.slice(1, -1).replace(/\\"|\\\\|'/g, (m) => (m === '\\"' ? '"' : m === "'" ? "\\'" : m));
  return `'${inner}'`;
}

function isEmpty(body: string | undefined): boolean {
  return (body ?? "").trim() === "";
}

function method(name: string, body: string | undefined, blank: boolean): string {
  const lines = (body ?? "").replace(/\s+$/, "").split("\n");
  // One empty side of a written revision takes no parameter: an unused `op` would trip the
  // linter in the user's project. A blank template keeps it, to be filled.
  if (lines.length === 1 && lines[0]?.trim() === "") return `${INDENT}${name}(${blank ? "op" : ""}) {},`;
  const indented = lines.map((line) => (line.trim() === "" ? "" : `${INDENT}${INDENT}${line}`));
  return [`${INDENT}${name}(op) {`, ...indented, `${INDENT}},`].join("\n");
}
