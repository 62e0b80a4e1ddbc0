import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { init, parse } from "es-module-lexer";

/** One static import of a {@link NativeModulePlan}: what the module wrote and where it leads. */
export interface NativeImport {
  readonly specifier: string;
  /** What Node imports: a file URL or a built-in's name. */
  readonly resolved: string;
  /** The names the module imports from it (`default` for a default import); none for `* as` or a bare import. */
  readonly names: readonly string[];
}

/** A module that Node can import itself, with the same result as the module-runner form. */
export interface NativeModulePlan {
  /** The module's code with each import pointing at its resolved target, naming the source file for stack traces. */
  readonly code: string;
  readonly imports: readonly NativeImport[];
  /** Its export names in the order the module-runner form defines them (source order). */
  readonly exports: readonly string[];
}

/**
 * Names a CommonJS-style file uses: the module-runner form hands them in, an ES module has none.
 * Matched anywhere (comments and strings too): a false match only keeps the module-runner form.
 */
const COMMON_JS_NAMES = /\b(?:require|module|exports|__filename|__dirname)\b/;

/** `import` + its bindings + `from`, as oxc prints a static import (the text before the specifier). */
const IMPORT_CLAUSE = /^import\s*([\s\S]*?)\s*(?:\bfrom\s*)?$/;
const IDENTIFIER = String.raw`[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*`;
const BINDINGS = new RegExp(
  String.raw`^(?:(${IDENTIFIER})\s*(?:,\s*)?)?(?:\*\s*as\s+${IDENTIFIER}|\{([^}]*)\})?$`,
  "u",
);
const SPECIFIER = new RegExp(String.raw`^(${IDENTIFIER})(?:\s+as\s+${IDENTIFIER})?$`, "u");

/**
 * Whether `code` — a TypeScript module with its types stripped — can be imported by Node as an
 * ES module, giving what the loader's module-runner form gives, and the code to import. It can
 * when it has module syntax, names none of the CommonJS globals, uses neither `import.meta` nor
 * `import()`, re-exports nothing (`export … from`), and each import is static, without
 * attributes, and leads through `resolve` to something Node loads (not another TypeScript file,
 * not JSON). Anything else — or a file whose path cannot name the module in a stack trace —
 * is undefined, and the caller keeps the module-runner form. The caller still checks that each
 * imported name exists before importing (see {@link missingImport}).
 *
 * @example
 * ```ts
 * planNativeModule("/repo/schema.ts", 'import { pgTable } from "drizzle-orm/pg-core";\nexport const t = pgTable("t", {});\n', resolve);
 * // { code: 'import { pgTable } from "file:///repo/node_modules/drizzle-orm/pg-core/index.js";\n…', imports: [...], exports: ["t"] }
 * ```
 */
export async function planNativeModule(
  file: string,
  code: string,
  resolve: (specifier: string) => string | undefined,
): Promise<NativeModulePlan | undefined> {
  if (extname(file) === ".cts" || /[\n\r\u2028\u2029]/.test(file) || COMMON_JS_NAMES.test(code)) {
    return undefined;
  }
  await init;
  let lexed: ReturnType<typeof parse>;
  try {
    lexed = parse(code);
  } catch {
    return undefined;
  }
  const [found, exported, , hasModuleSyntax] = lexed;
  if (!hasModuleSyntax) return undefined;
  const imports: NativeImport[] = [];
  const parts: string[] = [];
  let from = 0;
  for (const entry of found) {
    // static (1), no attributes, an `import` statement (a re-export starts with `export`)
    if (entry.t !== 1 || entry.a !== -1 || entry.n === undefined) return undefined;
    if (!code.startsWith("import", entry.ss)) return undefined;
    const quote = code[entry.s - 1];
    if ((quote !== '"' && quote !== "'") || code[entry.e] !== quote) return undefined;
    const names = importedNames(code.slice(entry.ss, entry.s - 1));
    if (names === undefined) return undefined;
    const resolved = resolve(entry.n);
    if (resolved === undefined || resolved.endsWith(".json")) return undefined;
    imports.push({ specifier: entry.n, resolved, names });
    parts.push(code.slice(from, entry.s - 1), JSON.stringify(resolved));
    from = entry.e + 1;
  }
  parts.push(code.slice(from));
  // V8 names the module by this in stack traces; a path with spaces would end the name early
  const name = /\s/.test(file) ? pathToFileURL(file).href : file;
  parts.push(`\n//# sourceURL=${name}\n`);
  return { code: parts.join(""), imports, exports: exported.map((e) => e.n) };
}

/** The imported names of one static import's text before its specifier, or undefined when unrecognised. */
function importedNames(clause: string): string[] | undefined {
  const bindings = IMPORT_CLAUSE.exec(clause)?.[1];
  if (bindings === undefined) return undefined;
  if (bindings === "") return clause.trim() === "import" ? [] : undefined;
  const match = BINDINGS.exec(bindings);
  if (match === null) return undefined;
  const names = match[1] === undefined ? [] : ["default"];
  if (match[2] !== undefined) {
    for (const part of match[2].split(",")) {
      const trimmed = part.trim();
      if (trimmed === "") continue;
      const specifier = SPECIFIER.exec(trimmed);
      if (specifier === null) return undefined;
      names.push(specifier[1] as string);
    }
  }
  return names;
}

/**
 * The first `specifier: name` an import asks for that the imported namespace lacks, or
 * undefined. Node refuses such a module when linking it; the module-runner form reads the name
 * as `undefined`, so such a module keeps that form.
 *
 * @example
 * ```ts
 * missingImport({ specifier: "x", resolved: "file:///x.js", names: ["gone"] }, { kept: 1 }); // "x: gone"
 * ```
 */
export function missingImport(imported: NativeImport, namespace: object): string | undefined {
  const name = imported.names.find((n) => !(n in namespace));
  return name === undefined ? undefined : `${imported.specifier}: ${name}`;
}

/**
 * Imports `code` as an ES module through a file that exists only while Node reads it: written in
 * a fresh private folder of the temporary directory (mode 0700, the file 0600, so no other
 * account can read or replace it), removed as soon as the import settles. Nothing is kept
 * between runs, so no earlier run's file can ever be run. Undefined, with nothing run, when the
 * file cannot be written.
 *
 * @example
 * ```ts
 * const namespace = await importModuleCode(plan.code);
 * ```
 */
export function importModuleCode(code: string): Promise<Record<string, unknown>> | undefined {
  let dir: string | undefined;
  let url: string;
  try {
    dir = mkdtempSync(join(tmpdir(), "athanor-module-"));
    const path = join(dir, "module.mjs");
    writeFileSync(path, code, { mode: 0o600, flag: "wx" });
    url = pathToFileURL(path).href;
  } catch {
    if (dir !== undefined) removeFolder(dir);
    return undefined;
  }
  const folder = dir;
  return (import(url) as Promise<Record<string, unknown>>).finally(() => removeFolder(folder));
}

function removeFolder(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {}
}
