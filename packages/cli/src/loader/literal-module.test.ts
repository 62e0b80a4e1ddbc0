import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  createOp,
  fileChecksum,
  headerOf,
  type Operation,
  operations,
  type RevisionDefinition,
} from "@athanor/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tempDir } from "../testing/harness.js";
import {
  generatedRevision,
  maybeMutation,
  repositoryRevisions,
} from "../testing/literal-revision-samples.js";
import { readLiteralModule } from "./literal-module.js";
import { TypeScriptLoader } from "./typescript-loader.js";

// A literal revision is evaluated from its text instead of compiled and run: it must give exactly
// what running it gives — header, operations, errors, placeholders, what it read — so every case
// below loads each file both ways and compares.

const core = createRequire(import.meta.url).resolve("@athanor/core");
const aliases = { "@athanor/core": core, athanor: core };
const BUILDERS = new Set(Object.keys(operations));

/** What loading `file` gives, in a form two loaders can be compared by. */
async function outcome(loader: TypeScriptLoader, file: string) {
  try {
    const namespace = await loader.load(file);
    const definition = namespace.default as RevisionDefinition;
    const directions: Record<string, unknown> = {};
    for (const direction of ["upgrade", "downgrade"] as const) {
      const emitted: Operation[] = [];
      let error: string | undefined;
      try {
        const op = createOp({ dialect: "postgresql", emit: (o) => emitted.push(o), query: async () => [] });
        await definition[direction].call(definition, op);
      } catch (caught) {
        error = String(caught);
      }
      directions[direction] = {
        emitted,
        error,
        // what core's placeholder check searches: the function's own text
        placeholder: /\/\*\s*TODO\(athanor\)/.test(Function.prototype.toString.call(definition[direction])),
        async: definition[direction].constructor.name,
      };
    }
    const checksum = fileChecksum(readFileSync(file, "utf8"));
    return {
      header: headerOf(definition),
      keys: Object.keys(definition),
      frozen: Object.isFrozen(definition),
      directions,
      reads: loader.dependencies(file, checksum),
    };
  } catch (caught) {
    return { failed: String(caught).split("\n")[0] };
  }
}

/** Loads `file` both ways and compares; true when it loaded (not a case where both fail alike). */
async function compareBothWays(file: string): Promise<boolean> {
  const literal = await outcome(new TypeScriptLoader(aliases, BUILDERS), file);
  const compiled = await outcome(new TypeScriptLoader(aliases), file);
  expect(literal, file).toStrictEqual(compiled);
  return !("failed" in literal);
}

describe("literal revisions", () => {
  it("load exactly as compiled ones, over the repository's revisions", async () => {
    const dir = tempDir();
    const revisions = repositoryRevisions();
    let literal = 0;
    for (const [index, { text }] of revisions.entries()) {
      const file = join(dir, `r${index}.ts`);
      writeFileSync(file, text);
      const loaded = await compareBothWays(file);
      if (readLiteralModule(text, BUILDERS) !== undefined && loaded) literal++;
    }
    // the case is not vacuous: many of them take the literal path and load
    expect(revisions.length).toBeGreaterThan(15);
    expect(literal).toBeGreaterThanOrEqual(5);
  });

  it("load exactly as compiled ones, over generated revisions and their near misses", async () => {
    const dir = tempDir();
    let n = 0;
    let literal = 0;
    await fc.assert(
      fc.asyncProperty(generatedRevision, maybeMutation, async (text, mutate) => {
        const written = mutate === null ? text : mutate(text);
        const file = join(dir, `g${n++}.ts`);
        writeFileSync(file, written);
        const loaded = await compareBothWays(file);
        if (readLiteralModule(written, BUILDERS) !== undefined && loaded) literal++;
      }),
      { numRuns: 200 },
    );
    expect(literal).toBeGreaterThan(40);
  }, 180_000);

  it("leaves to the compiler what only the compiler can judge", () => {
    const wrap = (body: string) =>
      `import { defineRevision } from "@athanor/core";\nexport default defineRevision({ id: "a", parents: [], upgrade(op) { ${body} }, downgrade(op) {} });\n`;
    expect(readLiteralModule(wrap(`op.execute("x");`), BUILDERS)).toBeDefined();
    for (const body of [
      `op.execute("\\08");`, // legacy octal
      `op.execute("\\8");`,
      `op.execute(\`\${x}\`);`,
      `op.execute({ __proto__: null });`,
      `op.execute("/* TODO(athanor): x */ NULL");`,
      `op.query("SELECT 1");`,
      `op.execute(x);`,
      `op.execute("a") op.execute("b");`,
      `op.execute(1_000);`,
      `op.execute(0x10);`,
      `op.execute([1,,2]);`,
      `await op.execute("a");`,
    ])
      expect(readLiteralModule(wrap(body), BUILDERS), body).toBeUndefined();
  });
});
