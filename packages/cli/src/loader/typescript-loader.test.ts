import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fileChecksum, isAthanorError, loadRevisionModule } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { tempDir } from "../testing/harness.js";
import { TypeScriptLoader } from "./typescript-loader.js";

const core = createRequire(import.meta.url).resolve("@athanor/core");
const newLoader = () => new TypeScriptLoader({ "@athanor/core": core });

/** A revision whose module body appends `tag` to `log` when it is evaluated. */
function revision(id: string, log: string, tag = id, extra = ""): string {
  return `import { appendFileSync } from "node:fs";
import { defineRevision, type Op } from "@athanor/core";
${extra}
appendFileSync(${JSON.stringify(log)}, ${JSON.stringify(`${tag}\n`)});
const table: string = "t_${id}";
export default defineRevision({
  id: "${id}",
  parents: [],
  message: "m",
  upgrade(op: Op) { op.execute(\`CREATE TABLE \${table} ()\`); },
  downgrade(op: Op) { op.execute(\`DROP TABLE \${table}\`); },
});
`;
}

const runs = (log: string) => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []);

describe("content keys the loaded module", () => {
  it("runs an edited file again as it is now, and the same text only once", async () => {
    const dir = tempDir();
    const log = join(dir, "log");
    const file = join(dir, "aa01_m.ts");
    const loader = newLoader();
    writeFileSync(file, revision("aa01", log, "first"));
    const first = await loader.load(file);
    expect(await loader.load(file)).toBe(first);
    writeFileSync(file, revision("aa01", log, "second"));
    const second = await loader.load(file);
    expect(second).not.toBe(first);
    expect(runs(log)).toEqual(["first", "second"]);
  });

  it("evaluates a module once when two loads of it overlap", async () => {
    const dir = tempDir();
    const log = join(dir, "log");
    const file = join(dir, "aa02_m.ts");
    writeFileSync(file, revision("aa02", log, "once", "await new Promise((r) => setTimeout(r, 20));"));
    const loader = newLoader();
    const [a, b] = await Promise.all([loader.load(file), loader.load(file)]);
    expect(a).toBe(b);
    expect(runs(log)).toEqual(["once"]);
  });
});

describe("what runs is what was checksummed", () => {
  it("runs text with the expected checksum", async () => {
    const dir = tempDir();
    const file = join(dir, "bb01_m.ts");
    writeFileSync(file, revision("bb01", join(dir, "log")));
    const checksum = fileChecksum(readFileSync(file, "utf8"));
    const { definition } = await loadRevisionModule(file, (f, text) => newLoader().load(f, text?.checksum), {
      checksum,
    });
    expect(definition.id).toBe("bb01");
  });

  it("runs nothing of a file whose text no longer has the checksum that was verified", async () => {
    const dir = tempDir();
    const log = join(dir, "log");
    const file = join(dir, "bb02_m.ts");
    writeFileSync(file, revision("bb02", log, "checked"));
    const verified = fileChecksum(readFileSync(file, "utf8"));
    writeFileSync(file, revision("bb02", log, "swapped in"));
    const error = await newLoader()
      .load(file, verified)
      .catch((e: unknown) => e);
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_REVISION_CHANGED_DURING_RUN");
    expect(isAthanorError(error) && error.meta).toMatchObject({ file, expected: verified });
    expect(runs(log)).toEqual([]);
  });

  it("compiles the text the caller checksummed, without reading the file again", async () => {
    const dir = tempDir();
    const log = join(dir, "log");
    const file = join(dir, "bb04_m.ts");
    writeFileSync(file, revision("bb04", log, "checked"));
    const checked = readFileSync(file, "utf8");
    // the file changes after the caller read and checksummed it: what runs is what was checked
    writeFileSync(file, revision("bb04", log, "swapped in"));
    await newLoader().load(file, fileChecksum(checked), checked);
    expect(runs(log)).toEqual(["checked"]);
  });

  it("ignores line endings and a BOM, like the checksum does", async () => {
    const dir = tempDir();
    const file = join(dir, "bb03_m.ts");
    const text = revision("bb03", join(dir, "log"));
    writeFileSync(file, `\uFEFF${text.replaceAll("\n", "\r\n")}`);
    const namespace = await newLoader().load(file, fileChecksum(text));
    expect((namespace.default as { id: string }).id).toBe("bb03");
  });
});

describe("module forms", () => {
  it("loads .ts and .mts revisions with type-only imports, top-level await and import.meta", async () => {
    const dir = tempDir();
    for (const ext of [".ts", ".mts"]) {
      const file = join(dir, `cc01${ext.replace(".", "_")}.${ext.slice(1)}`);
      writeFileSync(
        file,
        `import type { Op } from "@athanor/core";\nimport { defineRevision } from "@athanor/core";\nexport const where: string = import.meta.url;\nconst wait = await Promise.resolve(1);\nexport default defineRevision({ id: "cc01", parents: [], message: "m", upgrade(op: Op) { op.execute(String(wait)); }, downgrade() {} });\n`,
      );
      const namespace = await newLoader().load(file);
      expect(namespace.where).toBe(pathToFileURL(file).href);
      expect((namespace.default as { id: string }).id).toBe("cc01");
    }
  });

  it("loads a CommonJS-style .ts revision (require and module.exports)", async () => {
    const dir = tempDir();
    const file = join(dir, "cc02_m.ts");
    writeFileSync(
      file,
      `const { defineRevision } = require("@athanor/core");\nconst name: string = require("node:path").basename(__filename);\nrequire("node:fs").writeFileSync(${JSON.stringify(join(dir, "log"))}, name);\nmodule.exports = defineRevision({ id: "cc02", parents: [], message: "m", upgrade() {}, downgrade() {} });\n`,
    );
    const { definition } = await loadRevisionModule(file, (f) => newLoader().load(f));
    expect(definition.id).toBe("cc02");
    expect(runs(join(dir, "log"))).toEqual(["cc02_m.ts"]);
  });

  it("follows relative imports the TypeScript way and re-exports, a helper shared by two revisions runs once", async () => {
    const dir = tempDir();
    const log = join(dir, "log");
    mkdirSync(join(dir, "lib"));
    writeFileSync(
      join(dir, "lib", "index.ts"),
      `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(log)}, "helper\\n");\nexport * from "./sql.js";\nexport const unused = 1;`,
    );
    writeFileSync(
      join(dir, "lib", "sql.ts"),
      `export const create = (t: string): string => \`CREATE TABLE \${t} ()\`;`,
    );
    writeFileSync(join(dir, "plain.mjs"), "export default 42;");
    writeFileSync(join(dir, "data.json"), '{ "suffix": "!" }');
    const loader = newLoader();
    for (const id of ["dd01", "dd02"]) {
      writeFileSync(
        join(dir, `${id}_m.ts`),
        `import { defineRevision } from "@athanor/core";\nimport { create } from "./lib";\nimport answer from "./plain.mjs";\nimport data from "./data.json";\nexport default defineRevision({ id: "${id}", parents: [], message: create("x") + answer + data.suffix, upgrade() {}, downgrade() {} });\n`,
      );
      const namespace = await loader.load(join(dir, `${id}_m.ts`));
      expect((namespace.default as { message: string }).message).toBe("CREATE TABLE x ()42!");
    }
    expect(runs(log)).toEqual(["helper"]);
  });

  it("resolves packages from the revision's folder, including ones whose exports serve only `import`", async () => {
    const dir = tempDir();
    const pkg = join(dir, "node_modules", "@acme", "esm-only");
    mkdirSync(join(pkg, "lib"), { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({
        name: "@acme/esm-only",
        type: "module",
        exports: {
          ".": { types: "./x.d.ts", import: "./index.js" },
          "./sub/*": { node: { import: "./lib/*.js" } },
        },
      }),
    );
    writeFileSync(join(pkg, "index.js"), 'export const root = "root";');
    writeFileSync(join(pkg, "lib", "deep.js"), 'export const deep = "deep";');
    mkdirSync(join(dir, "migrations"));
    const file = join(dir, "migrations", "ff01_m.ts");
    writeFileSync(
      file,
      `import { root } from "@acme/esm-only";\nimport { deep } from "@acme/esm-only/sub/deep";\nexport const both: string = root + deep;\n`,
    );
    expect((await newLoader().load(file)).both).toBe("rootdeep");
    writeFileSync(file, `import { gone } from "@acme/esm-only/missing";\nexport default gone;\n`);
    await expect(newLoader().load(file)).rejects.toThrow(/not exported by @acme\/esm-only/);
  });

  it("binds both names of `import d, * as ns from`, which oxc's module-runner pass alone leaves `d` unbound in", async () => {
    const dir = tempDir();
    const pkg = join(dir, "node_modules", "both-kinds");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({ name: "both-kinds", type: "module", exports: "./index.js" }),
    );
    writeFileSync(join(pkg, "index.js"), 'export default "the default";\nexport const named = "named";');
    const file = join(dir, "ee01_m.ts");
    writeFileSync(
      file,
      `import d, * as ns from "both-kinds";\nimport type { X } from "both-kinds";\nimport e,\n  * as ns2 from "both-kinds";\n` +
        `const text: string = "import q, * as r from 'nowhere'";\n` +
        `export const seen = [d, ns.default, ns.named, e, ns2.named, text];\n`,
    );
    const loaded = await newLoader().load(file);
    expect(loaded.seen).toEqual([
      "the default",
      "the default",
      "named",
      "the default",
      "named",
      "import q, * as r from 'nowhere'",
    ]);
  });

  it("resolves a package serving both `import` and `require` to its ES build, the copy an ES module gets", async () => {
    const dir = tempDir();
    const pkg = join(dir, "node_modules", "dual");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({
        name: "dual",
        exports: {
          ".": { require: "./index.cjs", import: "./index.mjs" },
          "./only-cjs": { require: "./index.cjs" },
        },
      }),
    );
    writeFileSync(join(pkg, "index.mjs"), "export class Marker {}\nexport const build = 'esm';\n");
    writeFileSync(join(pkg, "index.cjs"), "exports.Marker = class Marker {};\nexports.build = 'cjs';\n");
    const file = join(dir, "schema.ts");
    writeFileSync(
      file,
      `import { Marker, build } from "dual";\nimport cjs from "dual/only-cjs";\nexport const made = new Marker();\nexport { build };\nexport const fallback: string = cjs.build;\n`,
    );
    const namespace = await newLoader().load(file);
    const esm = (await import(pathToFileURL(join(pkg, "index.mjs")).href)) as { Marker: new () => unknown };
    expect(namespace.build).toBe("esm");
    expect(namespace.made).toBeInstanceOf(esm.Marker);
    // a subpath only `require` serves still loads, as it did before
    expect(namespace.fallback).toBe("cjs");
  });

  it("loads one copy of drizzle-orm: a schema's tables are the classes athanor's reader imports", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "node_modules"));
    // the package root holds its entry files (index.js, index.cjs)
    const drizzle = dirname(createRequire(import.meta.url).resolve("drizzle-orm"));
    symlinkSync(drizzle, join(dir, "node_modules", "drizzle-orm"));
    const file = join(dir, "schema.ts");
    writeFileSync(
      file,
      `import { sql } from "drizzle-orm";\nimport { integer, pgTable } from "drizzle-orm/pg-core";\nexport const t = pgTable("t", { id: integer("id") });\nexport const s = sql\`1\`;\n`,
    );
    // the CommonJS copies loaded while the schema loads (`pnpm test:fast` shares a worker's
    // module cache between files, and drizzle-kit's API, used by other files, requires the CJS build)
    const cache = createRequire(import.meta.url).cache;
    const loadedBefore = new Set(Object.keys(cache));
    const namespace = await newLoader().load(file);
    // the ES build, as @athanor/drizzle imports it (the same file as this test's import)
    const { PgTable } = await import("drizzle-orm/pg-core");
    const { SQL } = await import("drizzle-orm");
    expect(Object.getPrototypeOf(namespace.t)).toBe(PgTable.prototype);
    expect(namespace.s).toBeInstanceOf(SQL);
    const commonJsCopies = Object.keys(cache).filter(
      (path) => !loadedBefore.has(path) && path.startsWith(realpathSync(drizzle)),
    );
    expect(commonJsCopies).toEqual([]);
  });

  it("hands a cycle between helpers their exports so far instead of waiting forever", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "a.ts"),
      `import { b } from "./b";\nexport const a = "a";\nexport const seen = b;`,
    );
    writeFileSync(
      join(dir, "b.ts"),
      `import * as a from "./a";\nexport const b = "b";\nexport const early = () => a.a;`,
    );
    const namespace = await newLoader().load(join(dir, "a.ts"));
    expect(namespace.seen).toBe("b");
  });

  it("reports a syntax error with oxc's code frame, as a coded load failure", async () => {
    const dir = tempDir();
    const file = join(dir, "ee01_m.ts");
    writeFileSync(
      file,
      `import { defineRevision } from "@athanor/core";\nexport default defineRevision({ id: "ee01", parents: [], message: "m",\n  upgrade(op) { const x: = 1; },\n  downgrade() {} });\n`,
    );
    const error = await loadRevisionModule(file, (f) => newLoader().load(f)).catch((e: unknown) => e);
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_REVISION_LOAD_FAILED");
    expect(String((error as Error).message)).toMatch(/ee01_m\.ts:3:\d+/);
  });

  it("reports an import that resolves nowhere as a coded load failure naming the specifier", async () => {
    const dir = tempDir();
    const file = join(dir, "ee02_m.ts");
    writeFileSync(
      file,
      `import { defineRevision } from "@athanor/core";\nimport { x } from "no-such-package-athanor";\nexport default defineRevision({ id: "ee02", parents: [], message: "m", upgrade() { x; }, downgrade() {} });\n`,
    );
    const error = await loadRevisionModule(file, (f) => newLoader().load(f)).catch((e: unknown) => e);
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_REVISION_LOAD_FAILED");
    expect(String((error as Error).message)).toContain("no-such-package-athanor");
  });
});

/** A schema over the off-thread size whose `allTables` export says its tables are drizzle-orm's. */
function bigDrizzleSchema(): string {
  const dir = tempDir();
  // the package's own drizzle-orm (its exports map hides package.json from require.resolve)
  const drizzle = fileURLToPath(new URL("../../node_modules/drizzle-orm", import.meta.url));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(drizzle, join(dir, "node_modules", "drizzle-orm"), "dir");
  const lines = [
    'import { pgTable, integer } from "drizzle-orm/pg-core";',
    'import { is, Table } from "drizzle-orm";',
  ];
  for (let i = 0; lines.join("\n").length < 100 * 1024; i++)
    lines.push(`export const t${i} = pgTable("t${i}", { id: integer("id") });`);
  lines.push("export const allTables = [t0].every((t) => is(t, Table));");
  const file = join(dir, "schema.ts");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

describe("a big module", () => {
  it("is transpiled off the calling thread and loads as a small one does, importing its neighbours", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "small.ts"), 'export const small: string = "s";\n');
    const lines = ['import { small } from "./small.ts";', "export const from = small;"];
    for (let i = 0; lines.join("\n").length < 100 * 1024; i++)
      lines.push(`export const v${i}: number = ${i};`);
    writeFileSync(join(dir, "big.ts"), `${lines.join("\n")}\n`);
    const loaded = (await newLoader().load(join(dir, "big.ts"))) as Record<string, unknown>;
    expect(loaded.from).toBe("s");
    expect(loaded.v0).toBe(0);
    expect(Object.keys(loaded).length).toBe(lines.length - 1);
  });

  it("finds drizzle-orm loaded by the time it runs, as its own import resolves it", async () => {
    const file = bigDrizzleSchema();
    const loaded = (await newLoader().load(file)) as Record<string, unknown>;
    expect(loaded.allTables).toBe(true);
  });

  it("that does not compile fails with the compiler's message", async () => {
    const dir = tempDir();
    const body = Array.from({ length: 5000 }, (_, i) => `export const v${i}: number = ${i};`).join("\n");
    writeFileSync(join(dir, "big.ts"), `${body}\nexport const broken: = 1;\n`);
    await expect(newLoader().load(join(dir, "big.ts"))).rejects.toThrow(/big\.ts does not compile/);
  });
});

describe("a big module transpiled ahead of its import", () => {
  /** A module over the off-thread size whose `tag` export is `tag`. */
  function bigModule(tag: string): string {
    const lines = [`export const tag: string = ${JSON.stringify(tag)};`];
    for (let i = 0; lines.join("\n").length < 100 * 1024; i++)
      lines.push(`export const v${i}: number = ${i};`);
    return `${lines.join("\n")}\n`;
  }

  it("loads as it would have", async () => {
    const dir = tempDir();
    const file = join(dir, "schema.ts");
    writeFileSync(file, bigModule("prepared"));
    const loader = newLoader();
    loader.prepare(file);
    const loaded = (await loader.load(file)) as Record<string, unknown>;
    expect(loaded.tag).toBe("prepared");
    expect(loaded.v0).toBe(0);
  });

  it("runs the file as it is at the import when it changed after being prepared", async () => {
    const dir = tempDir();
    const file = join(dir, "schema.ts");
    writeFileSync(file, bigModule("before"));
    const loader = newLoader();
    loader.prepare(file);
    writeFileSync(file, bigModule("after"));
    expect(((await loader.load(file)) as Record<string, unknown>).tag).toBe("after");
  });

  it("reports a module that does not compile at its import, not when it is prepared", async () => {
    const dir = tempDir();
    const file = join(dir, "big.ts");
    writeFileSync(file, `${bigModule("x")}export const broken: = 1;\n`);
    const loader = newLoader();
    expect(() => loader.prepare(file)).not.toThrow();
    await expect(loader.load(file)).rejects.toThrow(/big\.ts does not compile/);
  });

  it("finds drizzle-orm loaded by the time it runs (its imports as oxc listed them)", async () => {
    const file = bigDrizzleSchema();
    const loader = newLoader();
    loader.prepare(file);
    expect(((await loader.load(file)) as Record<string, unknown>).allTables).toBe(true);
  });

  it("settles, never rejecting, once the transpiler has the text (or there is nothing to transpile)", async () => {
    const dir = tempDir();
    const big = join(dir, "big.ts");
    writeFileSync(big, `${bigModule("x")}export const broken: = 1;\n`);
    const small = join(dir, "small.ts");
    writeFileSync(small, "export const a: number = 1;\n");
    const loader = newLoader();
    for (const file of [big, small, join(dir, "missing.ts"), big])
      await expect(loader.prepare(file)).resolves.toBeUndefined();
    await expect(loader.load(big)).rejects.toThrow(/big\.ts does not compile/);
  });

  it("does nothing for a file that cannot be read: its import reports it", async () => {
    const file = join(tempDir(), "missing.ts");
    const loader = newLoader();
    expect(() => loader.prepare(file)).not.toThrow();
    await expect(async () => loader.load(file)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
