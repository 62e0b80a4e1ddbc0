import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, PACKAGE_DIR } from "../testing/build-cli.js";
import { tempDir } from "../testing/harness.js";

// A TypeScript module that Node can import as it is (ES module syntax only, every import a
// package, a built-in or a JavaScript file) is imported by Node after oxc strips its types,
// instead of running in oxc's module-runner form: one transform fewer, and V8 compiles the
// module as written rather than a form ~1.7× its size. Whatever form runs, the loader must hand
// back the same namespace — same keys, same order, same values — and keep the module-runner
// form for everything Node's loader would treat differently. The loader runs in a child process
// from the build: inside vitest every import() goes through vitest's own module runner.

const core = createRequire(import.meta.url).resolve("@athanor/core");

/**
 * `true` when the module ran as an ES module (strict: a plain call's `this` is undefined), `false`
 * in the module-runner form (a sloppy async function) — how the tests tell which form ran.
 */
const PROBE = "export const ranNatively = (function () { return this === undefined; })();\n";

/** Runs `body` (an async function body) in a child Node with the built loader in scope; its JSON result. */
function inChild(body: string, env: Record<string, string> = {}): Promise<unknown> {
  const chunks = join(PACKAGE_DIR, "dist", "chunks");
  const chunk = (name: string) =>
    pathToFileURL(join(chunks, readdirSync(chunks).find((f) => f.startsWith(`${name}-`)) as string)).href;
  const script = `import { TypeScriptLoader } from ${JSON.stringify(chunk("typescript-loader"))};
import { importModuleCode } from ${JSON.stringify(chunk("native-module"))};
const ALIASES = { "@athanor/core": ${JSON.stringify(core)} };
${shape.toString()}
const result = await (async () => { ${body} })();
process.stdout.write(JSON.stringify(result));`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", script],
      { env: { ...process.env, ...env }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

/** Own keys, descriptors' shape and values of a namespace, as JSON. */
function shape(namespace: Record<string | symbol, unknown>) {
  const normal = (value: unknown): unknown => {
    // the text of a function is the form's own; its name, arity and parent class are the module's
    if (typeof value === "function")
      return `function ${value.name}/${value.length} extends ${Object.getPrototypeOf(value)?.name}`;
    if (value === undefined) return "undefined";
    if (Array.isArray(value)) return value.map(normal);
    if (value !== null && typeof value === "object") {
      return {
        proto: String(Object.getPrototypeOf(value)?.constructor?.name),
        entries: Object.entries(value).map(([k, v]) => [k, normal(v)]),
      };
    }
    return value;
  };
  return {
    prototype: String(Object.getPrototypeOf(namespace)),
    tag: String((namespace as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag]),
    keys: Reflect.ownKeys(namespace).map(String),
    descriptors: Object.keys(namespace).map((key) => {
      const d = Object.getOwnPropertyDescriptor(namespace, key);
      return [key, d?.enumerable, d?.configurable, typeof d?.get];
    }),
    values: Object.keys(namespace)
      .filter((key) => key !== "ranNatively")
      .map((key) => [key, normal(namespace[key])]),
  };
}

/** A project folder with an ES package, a CommonJS package and a plain `.mjs` helper. */
function project(): string {
  const dir = tempDir();
  const esm = join(dir, "node_modules", "esm-pkg");
  mkdirSync(esm, { recursive: true });
  writeFileSync(
    join(esm, "package.json"),
    JSON.stringify({ name: "esm-pkg", type: "module", exports: "./index.js" }),
  );
  writeFileSync(
    join(esm, "index.js"),
    "export class Box { constructor(v) { this.v = v; } }\nexport const box = (v) => new Box(v);\nexport default 'esm-default';\n",
  );
  const cjs = join(dir, "node_modules", "cjs-pkg");
  mkdirSync(cjs, { recursive: true });
  writeFileSync(join(cjs, "package.json"), JSON.stringify({ name: "cjs-pkg", main: "index.js" }));
  writeFileSync(join(cjs, "index.js"), "exports.twice = (n) => n * 2;\nexports.name = 'cjs';\n");
  writeFileSync(join(dir, "plain.mjs"), "export const plain = 'plain';\nexport default 7;\n");
  writeFileSync(join(dir, "helper.mjs"), "export const notDefault = 1;\n");
  writeFileSync(join(dir, "helper.ts"), "export const helper: string = 'helper';\n");
  writeFileSync(join(dir, "data.json"), '{ "k": "json" }');
  return dir;
}

interface Forms {
  native: ReturnType<typeof shape>;
  runner: ReturnType<typeof shape>;
  ran: [unknown, unknown];
}

/** Loads `text` as `name` in a new project with and without native imports: both namespaces' shapes. */
async function bothForms(text: string, name = "mod.ts"): Promise<Forms> {
  const file = join(project(), name);
  writeFileSync(file, text);
  return (await inChild(`
    const file = ${JSON.stringify(file)};
    const settle = async (ns) => ns.later === undefined ? ns : Object.assign(Object.create(null), ns, { later: await ns.later });
    const native = await new TypeScriptLoader(ALIASES, undefined, true).load(file);
    const runner = await new TypeScriptLoader(ALIASES, undefined, false).load(file);
    return { native: shape(await settle(native)), runner: shape(await settle(runner)), ran: [native.ranNatively ?? null, runner.ranNatively ?? null] };
  `)) as Forms;
}

beforeAll(() => buildCli(), 180_000);

const NATIVE_CASES: Record<string, string> = {
  "packages, built-ins, the alias and every export form": `import { basename } from "node:path";
import type { Op } from "@athanor/core";
import { defineRevision } from "@athanor/core";
import esmDefault, { box, Box } from "esm-pkg";
import * as cjsNs from "cjs-pkg";
import { twice } from "cjs-pkg";
import seven, { plain } from "./plain.mjs";
const local: number = twice(21);
export const a = local, b: string = basename("/x/y.ts");
export let [first, second] = [1, 2];
export const { nested } = { nested: { deep: [1, "two", null] } };
export function f(op: Op): number { return op === undefined ? 1 : 2; }
export class K extends Box { kind = "k"; }
export enum Color { Red, Green = "g" }
const hidden = { esmDefault, seven, plain, name: cjsNs.name };
export { hidden as renamed, box };
export const made = box(3);
export const revision = defineRevision({ id: "n1", parents: [], message: "m", upgrade() {}, downgrade() {} });
export default hidden;
`,
  "top-level await and a bare import": `import "cjs-pkg";
import { box } from "esm-pkg";
export const waited = await Promise.resolve(box(1));
`,
  "no imports": "export const only: number = 1;\nexport default function named() { return 2; }\n",
};

const RUNNER_CASES: Record<string, string> = {
  "import.meta": `export const where = import.meta.url.endsWith(".ts");\n`,
  "a dynamic import": `export const later = import("esm-pkg").then((m) => m.default);\n`,
  "require and module.exports": `const { twice } = require("cjs-pkg");\nmodule.exports = { four: twice(2) };\n`,
  "a CommonJS name in a string only": `export const text = "module";\n`,
  "an import of another TypeScript file": `import { helper } from "./helper";\nexport const h = helper;\n`,
  "a JSON import": `import data from "./data.json";\nexport const k = data.k;\n`,
  "export * from": `export * from "esm-pkg";\nexport const own = 1;\n`,
  "export { … } from": `export { box as b } from "esm-pkg";\nexport const own = 1;\n`,
  "a name the package does not export": `import { missing } from "esm-pkg";\nexport const m = missing;\n`,
  "a default import of a module without one": `import nothing from "./helper.mjs";\nexport const n = nothing;\n`,
  "no module syntax": `const x = 1;\n`,
};

describe("TypeScript modules imported by Node", () => {
  for (const [label, text] of Object.entries(NATIVE_CASES)) {
    it(`${label}: imported natively, the same namespace as the module-runner form`, async () => {
      const { native, runner, ran } = await bothForms(`${PROBE}${text}`);
      expect(ran).toEqual([true, false]);
      expect(native).toStrictEqual(runner);
    });
  }

  for (const [label, text] of Object.entries(RUNNER_CASES)) {
    it(`${label}: kept in the module-runner form`, async () => {
      // a probe would give a module without module syntax some
      const probe = text.includes("export ") ? PROBE : "";
      const { native, runner, ran } = await bothForms(`${probe}${text}`);
      expect(ran).toEqual(probe === "" ? [null, null] : [false, false]);
      expect(native).toStrictEqual(runner);
    });
  }

  it("a default import beside a namespace import, which the module-runner form drops, imports natively", async () => {
    const file = join(project(), "mod.ts");
    writeFileSync(
      file,
      `import esmDefault, * as all from "esm-pkg";\nexport const both = [esmDefault, Object.keys(all)];\n`,
    );
    const result = await inChild(`
      const file = ${JSON.stringify(file)};
      const runner = await new TypeScriptLoader(ALIASES, undefined, false).load(file).then(() => "loaded", (e) => e.message);
      return [(await new TypeScriptLoader(ALIASES).load(file)).both, runner];
    `);
    // oxc's module-runner pass (0.151) leaves `esmDefault` unbound
    expect(result).toEqual([["esm-default", ["Box", "box", "default"]], "esmDefault is not defined"]);
  });

  it("keeps a .cts file and a file whose path holds a line break in the module-runner form", async () => {
    for (const name of ["mod.cts", "line\nbreak.ts"]) {
      const { ran } = await bothForms(
        `${PROBE}import { box } from "esm-pkg";\nexport const b = box(1);\n`,
        name,
      );
      expect(ran).toEqual([false, false]);
    }
  });

  it("an import that resolves nowhere fails as before, naming the specifier", async () => {
    const file = join(project(), "mod.ts");
    writeFileSync(file, `import { x } from "no-such-package-athanor";\nexport const y = x;\n`);
    const messages = await inChild(`
      const file = ${JSON.stringify(file)};
      const fail = (native) => new TypeScriptLoader(ALIASES, undefined, native).load(file).then(() => "loaded", (e) => e.message);
      return [await fail(true), await fail(false)];
    `);
    expect((messages as string[])[0]).toContain("no-such-package-athanor");
    expect((messages as string[])[0]).toBe((messages as string[])[1]);
  });

  it("an error the module throws names the module's file, also with spaces in its path", async () => {
    const dir = project();
    for (const name of ["throws.ts", "with space.ts"]) {
      const file = join(dir, name);
      writeFileSync(file, `${PROBE}import { box } from "esm-pkg";\nbox(1);\nthrow new Error("boom");\n`);
      const error = (await inChild(`
        const e = await new TypeScriptLoader(ALIASES).load(${JSON.stringify(file)}).catch((e) => e);
        return { message: e.message, stack: e.stack };
      `)) as { message: string; stack: string };
      expect(error.message).toBe("boom");
      const named = name.includes(" ") ? pathToFileURL(file).href : file;
      expect(error.stack).toContain(`at ${named}:`);
      expect(error.stack).not.toContain("athanor-module-");
    }
  });

  it("runs a module once and hands back one namespace for overlapping and repeated loads", async () => {
    const dir = project();
    const log = join(dir, "log");
    const file = join(dir, "once.ts");
    writeFileSync(
      file,
      `${PROBE}import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(log)}, "ran\\n");\nexport const v = 1;\n`,
    );
    const result = await inChild(`
      const loader = new TypeScriptLoader(ALIASES);
      const file = ${JSON.stringify(file)};
      const [a, b] = await Promise.all([loader.load(file), loader.load(file)]);
      const c = await loader.load(file);
      return [a === b, a === c, a.ranNatively, (await import("node:fs")).readFileSync(${JSON.stringify(log)}, "utf8")];
    `);
    expect(result).toEqual([true, true, true, "ran\n"]);
  });

  it("a module edited between two loads runs as it is now; the same text in another file is another module", async () => {
    const dir = project();
    const file = join(dir, "edited.ts");
    const other = join(dir, "other.ts");
    const result = await inChild(`
      const { writeFileSync } = await import("node:fs");
      const loader = new TypeScriptLoader(ALIASES);
      const probe = ${JSON.stringify(PROBE)};
      writeFileSync(${JSON.stringify(file)}, probe + 'export const v: string = "first";\\n');
      const first = await loader.load(${JSON.stringify(file)});
      writeFileSync(${JSON.stringify(file)}, probe + 'export const v: string = "second";\\n');
      const second = await loader.load(${JSON.stringify(file)});
      writeFileSync(${JSON.stringify(other)}, probe + 'export const v: string = "second";\\n');
      const third = await loader.load(${JSON.stringify(other)});
      return [first.v, second.v, third.v, first.ranNatively && second.ranNatively && third.ranNatively, third === second];
    `);
    expect(result).toEqual(["first", "second", "second", true, false]);
  });
});

describe("the file Node imports", () => {
  it("is private while it exists (folder 0700, file 0600) and removed once the import settles, also when the module throws", async () => {
    const scratch = tempDir("athanor-native-tmp-");
    const result = await inChild(
      `
      const ok = await importModuleCode(${JSON.stringify(
        `import { statSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
const path = fileURLToPath(import.meta.url);
export const fileMode = statSync(path).mode & 0o777;
export const dirMode = statSync(dirname(path)).mode & 0o777;
`,
      )});
      const { readdirSync } = await import("node:fs");
      const left = readdirSync(${JSON.stringify(scratch)});
      const thrown = await importModuleCode('throw new Error("thrown");\\n').catch((e) => e.message);
      return [ok.fileMode, ok.dirMode, left, thrown, readdirSync(${JSON.stringify(scratch)})];
    `,
      { TMPDIR: scratch },
    );
    expect(result).toEqual([0o600, 0o700, [], "thrown", []]);
  });

  it("leaves nothing behind after a loader's run", async () => {
    const dir = project();
    const scratch = tempDir("athanor-native-tmp-");
    const file = join(dir, "mod.ts");
    writeFileSync(file, `${PROBE}${NATIVE_CASES["packages, built-ins, the alias and every export form"]}`);
    const result = await inChild(
      `const ns = await new TypeScriptLoader(ALIASES).load(${JSON.stringify(file)});
       return [ns.ranNatively, (await import("node:fs")).readdirSync(${JSON.stringify(scratch)})];`,
      { TMPDIR: scratch },
    );
    expect(result).toEqual([true, []]);
  });

  it("gives nothing and runs nothing when it cannot be written", async () => {
    const scratch = tempDir("athanor-native-tmp-");
    const result = await inChild(`return importModuleCode('throw new Error("ran");\\n') === undefined;`, {
      TMPDIR: join(scratch, "missing", "folder"),
    });
    expect(result).toBe(true);
  });
});
