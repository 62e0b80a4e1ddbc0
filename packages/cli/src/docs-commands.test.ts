import { readFileSync } from "node:fs";
import { ERROR_CODES } from "@athanor/core";
import { describe, expect, it } from "vitest";
import type { CommandDefinition } from "./command.js";
import { COMMANDS } from "./commands/registry.js";
import { CLI_ERROR_CODES } from "./error-codes.js";

// docs/cli.md is the user's reference: one `## \`athanor <name>\`` section per command, each
// with an options table and an example. These tests keep it in step with the registry, so a new
// command or option cannot ship undocumented and a removed one cannot linger in the docs.

const docsUrl = (name: string) => new URL(`../../../docs/${name}`, import.meta.url);
const cliDoc = readFileSync(docsUrl("cli.md"), "utf8");

/** The text of each `## \`athanor <name>\`` section, keyed by command name. */
function commandSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const heading = /^`athanor ([a-z-]+)`\s*$/m.exec(part.split("\n", 1)[0] ?? "");
    if (heading?.[1] !== undefined) sections.set(heading[1], part);
  }
  return sections;
}

/** Long flags named in the first column of a section's options table (`| \`-v, --verbose\` | …`). */
function documentedFlags(section: string): string[] {
  const flags: string[] = [];
  for (const line of section.split("\n")) {
    const cell = /^\| `([^`]+)` \|/.exec(line)?.[1];
    const long = cell === undefined ? undefined : /--[a-z][a-z-]*/.exec(cell)?.[0];
    if (long !== undefined) flags.push(long);
  }
  return flags.sort();
}

/** Long flags the command really accepts, `--json` included when it offers one. */
function definedFlags(definition: CommandDefinition<never>): string[] {
  const flags = (definition.options ?? []).map((o) => /--[a-z][a-z-]*/.exec(o.flags)?.[0] ?? o.flags);
  if (definition.json === true) flags.push("--json");
  return flags.sort();
}

async function definitions(): Promise<Map<string, CommandDefinition<never>>> {
  const entries = await Promise.all(
    Object.entries(COMMANDS).map(async ([name, load]) => [name, (await load()).default] as const),
  );
  return new Map(entries);
}

describe("docs/cli.md", () => {
  const sections = commandSections(cliDoc);

  it("has a section for every registered command, and none for a command that does not exist", () => {
    expect([...sections.keys()].sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it("documents exactly the options each command accepts", async () => {
    for (const [name, definition] of await definitions()) {
      const section = sections.get(name) ?? "";
      expect(documentedFlags(section), `options table of athanor ${name}`).toEqual(definedFlags(definition));
    }
  });

  it("shows an example run of every command", () => {
    for (const name of Object.keys(COMMANDS)) {
      expect(sections.get(name) ?? "", `example of athanor ${name}`).toMatch(
        new RegExp(`\`\`\`console\\n(?:[^\`]*\\n)?\\$ (?:[A-Z_]+=\\S+ )*athanor ${name}\\b`),
      );
    }
  });
});

describe("docs/errors.md", () => {
  it("lists every error code", () => {
    const errorsDoc = readFileSync(docsUrl("errors.md"), "utf8");
    const missing = [...Object.keys(ERROR_CODES), ...Object.keys(CLI_ERROR_CODES)].filter(
      (code) => !errorsDoc.includes(`| \`${code}\` |`),
    );
    expect(missing).toEqual([]);
  });
});
