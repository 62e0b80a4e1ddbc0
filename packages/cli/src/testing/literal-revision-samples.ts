import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";

// Revision texts for the literal-module tests: random literals in random spellings and layouts,
// the forms the literal reader accepts and the near misses around them; and the revision texts the
// repository keeps.

const repo = fileURLToPath(new URL("../../../../", import.meta.url));

/** Revision texts kept in the repository: examples, goldens, the reliability corpus. */
export function repositoryRevisions(): { name: string; text: string }[] {
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

const space = fc.constantFrom(" ", "", "\n", "  ", "\t", " /* c */ ", " // c\n", "\r\n", "\u2028");
const gap = (s: string) => fc.tuple(space, space).map(([a, b]) => `${a}${s}${b}`);

/** One character of a string, spelled raw or as one of the escapes that mean it. */
export const spelledChar = (quote: string) =>
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

export const stringLiteral = fc
  .constantFrom('"', "'", "`")
  .chain((quote) =>
    fc.array(spelledChar(quote), { maxLength: 8 }).map((cs) => `${quote}${cs.join("")}${quote}`),
  );

export const numberLiteral = fc.oneof(
  fc.integer().map(String),
  fc.nat(1000).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? "-0" : String(d))),
  fc.constantFrom("1.", ".5", "1e3", "1E-2", "0", "-0", "-1.5", "007", "1_0", "0x1f", "1n"),
);

export const { literal: literalText } = fc.letrec((tie) => ({
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

export const generatedRevision = fc
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
export const mutation = fc
  .tuple(
    fc.nat(),
    fc.constantFrom("", " ", "\n", ";", ",", "(", ")", "{", "}", "\\", "'", "-", "0", "op.", "a"),
  )
  .map(([at, insert]) => (text: string) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i);
  });

export const maybeMutation = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: mutation, weight: 1 },
);
