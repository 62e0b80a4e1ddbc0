// Core's messages say what to do in the library's words; the CLI words the next step as its
// command line (text/next-step.ts). This keeps command lines out of core's string literals.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = new URL(".", import.meta.url).pathname;
const COMMAND =
  /`athanor [a-z]|athanor (init|upgrade|downgrade|stamp|history|current|status|branches|checksums|check|lint)\b|--(resume|purge|sql|splice|ignore-lint-errors)\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "testing" ? [] : sourceFiles(path);
    // errors.ts is checked too: the CLI's codes, whose meanings name its commands, are defined
    // in the CLI (packages/cli/src/error-codes.ts)
    const message = entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts");
    return message ? [path] : [];
  });
}

/** The text of every string literal and template part in a file (comments are not literals). */
function literals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("core's messages", () => {
  it("name no CLI command or flag", () => {
    const offending = sourceFiles(SRC).flatMap((file) =>
      literals(file)
        .filter((text) => COMMAND.test(text))
        .map((text) => `${relative(SRC, file)}: ${text.slice(0, 120)}`),
    );
    expect(offending).toEqual([]);
  });
});
