import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
import { readLiteralModule } from "./literal-module.js";
import { TypeScriptLoader } from "./typescript-loader.js";

// A literal revision is evaluated from its text instead of compiled and run: it must give exactly
// what running it gives — header, operations, errors, placeholders, what it read — so every case
// below loads each file both ways and compares.

const core = createRequire(import.meta.url).resolve("@athanor/core");
const aliases = { "@athanor/core": core, athanor: core };
const BUILDERS = new Set(Object.keys(operations));
const repo = fileURLToPath(new URL("../../../../", import.meta.url));

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

/** Revision texts kept in the repository: examples, goldens, the reliability corpus. */
function repositoryRevisions(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const add = (path: string) => out.push({ name: path, text: readFileSync(join(repo, path), "utf8") });
  for (const name of readdirSync(join(repo, "apps/example/migrations/versions")))
    add(`apps/example/migrations/versions/${name}`);
  for (const dir of [
    "packages/autogenerate/src/codegen/__golden__",
    "packages/autogenerate/src/stage/__golden__",
    "packages/cli/src/__golden__",
    "packages/core/src/revision/__golden__",
  ])
    for (const name of readdirSync(join(repo, dir)))
      if (name.endsWith(".ts.txt") && name !== "athanor.config.ts.txt") add(`${dir}/${name}`);
  const corpus = JSON.parse(
    readFileSync(join(repo, "packages/cli/src/reliability/corpus/revision-files.json"), "utf8"),
  ) as { name: string; files?: Record<string, string> }[];
  for (const c of corpus)
    for (const [path, text] of Object.entries(c.files ?? {}))
      if (path.endsWith(".ts")) out.push({ name: `${c.name}:${path}`, text });
  return out;
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

// ---- generated revisions: random literals in random spellings, random layout ----

const space = fc.constantFrom(" ", "", "\n", "  ", "\t", " /* c */ ", " // c\n", "\r\n", "\u2028");
const gap = (s: string) => fc.tuple(space, space).map(([a, b]) => `${a}${s}${b}`);

/** One character of a string, spelled raw or as one of the escapes that mean it. */
const spelledChar = (quote: string) =>
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(
          "a",
          "Z",
          " ",
          "'",
          '"',
          "`",
          "\\",
          "\n",
          "\t",
          "\0",
          "$",
          "{",
          "é",
          "😀",
          "\u2028",
          "TO",
          "\v",
          "\b",
          "\f",
          "\r",
        ),
        fc.string({ unit: "binary", maxLength: 1, minLength: 1 }),
      ),
      fc.nat(5),
    )
    .map(([ch, how]) => spell(ch, how, quote));

const SIMPLE: Record<string, string> = {
  "\n": "\\n",
  "\t": "\\t",
  "\r": "\\r",
  "\b": "\\b",
  "\f": "\\f",
  "\v": "\\v",
  "\0": "\\0",
};

function spell(ch: string, how: number, quote: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const raw = ch !== quote && ch !== "\\" && ch !== "\n" && ch !== "\r" && !(quote === "`" && ch === "$");
  if (how === 0 && raw) return ch;
  if (how === 1 && code < 256) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (how === 2 && ch.length === 1) return `\\u${code.toString(16).padStart(4, "0")}`;
  if (how === 3) return `\\u{${code.toString(16)}}`;
  if (how === 4 && /^[a-zA-Z'"`$ ]$/.test(ch) && !"bfnrtvux".includes(ch)) return `\\${ch}`;
  const simple = SIMPLE[ch];
  if (how === 5 && simple !== undefined) return simple;
  return JSON.stringify(ch)
    .slice(1, -1)
    .replaceAll(quote === "`" ? "`" : quote, `\\${quote}`)
    .replaceAll("$", "\\$");
}

const stringLiteral = fc
  .constantFrom('"', "'", "`")
  .chain((quote) =>
    fc.array(spelledChar(quote), { maxLength: 8 }).map((cs) => `${quote}${cs.join("")}${quote}`),
  );

const numberLiteral = fc.oneof(
  fc.integer().map(String),
  fc.nat(1000).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? "-0" : String(d))),
  fc.constantFrom("1.", ".5", "1e3", "1E-2", "0", "-0", "-1.5", "007", "1_0", "0x1f", "1n"),
);

const { literal: literalText } = fc.letrec((tie) => ({
  literal: fc.oneof(
    { depthSize: "small" },
    stringLiteral,
    numberLiteral,
    fc.constantFrom("true", "false", "null", "true", "false", "null", "undefined"),
    fc
      .array(tie("literal"), { maxLength: 3 })
      .chain((items) =>
        fc.boolean().map((trailing) => `[${items.join(",")}${trailing && items.length > 0 ? "," : ""}]`),
      ),
    fc
      .array(
        fc.tuple(
          fc.constantFrom("name", "type", "'a b'", '"x"', "nullable", "columns", "__proto__"),
          tie("literal"),
        ),
        {
          maxLength: 3,
        },
      )
      .map((entries) => `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(", ")} }`),
  ),
}));

const builder = fc.constantFrom(
  ...[
    "execute",
    "createTable",
    "addColumn",
    "dropTable",
    "createIndex",
    "createSchema",
    "execute",
    "execute",
  ],
  ...["query", "lockRetry"],
);
const anyCall = fc
  .tuple(builder, fc.array(literalText as fc.Arbitrary<string>, { maxLength: 3 }))
  .map(([name, args]) => `op.${name}(${args.join(", ")})`);
// most calls valid, so the strings reach the operations compared
const sqlCall = stringLiteral.map((sql) => `op.execute(${sql})`);
const call = fc
  .tuple(
    fc.oneof({ arbitrary: sqlCall, weight: 3 }, { arbitrary: anyCall, weight: 2 }),
    fc.constantFrom(";", "\n", ";\n", ";", ";", " "),
  )
  .map(([text, end]) => `${text}${end}`);

const method = (name: string) =>
  fc
    .tuple(fc.boolean(), fc.array(call, { maxLength: 3 }))
    .map(([isAsync, calls]) => `${isAsync ? "async " : ""}${name}(op) {\n${calls.join("")}\n}`);

const generatedRevision = fc
  .tuple(
    fc.constantFrom("@athanor/core", "athanor"),
    method("upgrade"),
    method("downgrade"),
    fc.option(literalText as fc.Arbitrary<string>),
    gap(","),
    fc.constantFrom(";", "\n", ""),
  )
  .map(
    ([from, up, down, extra, comma, end]) =>
      `import { defineRevision } from "${from}"${end}\nexport default defineRevision({ id: "g1", parents: []${comma}message: "m", ${extra === null ? "" : `lint: { ignore: [] }, note: ${extra},`} ${up}${comma}${down} })${end}\n`,
  );

/** A small edit that may or may not keep the text valid, to one text in four. */
const mutation = fc
  .tuple(
    fc.nat(),
    fc.constantFrom("", " ", "\n", ";", ",", "(", ")", "{", "}", "\\", "'", "-", "0", "op.", "a"),
  )
  .map(([at, insert]) => (text: string) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i);
  });

const maybeMutation = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: mutation, weight: 1 },
);
