import { extname } from "node:path";
import { initSync, parse } from "es-module-lexer";
import { moduleRunnerTransform, moduleRunnerTransformSync, transform, transformSync } from "oxc-transform";

/**
 * The names the transpiled code expects in scope: oxc's module-runner form turns `import`,
 * `export`, `import()` and `import.meta` into calls on these, so a module runs as one async
 * function with no per-module ESM linking, and CommonJS-style files get their usual globals.
 */
export const MODULE_SCOPE = [
  "__vite_ssr_exports__",
  "__vite_ssr_import__",
  "__vite_ssr_dynamic_import__",
  "__vite_ssr_import_meta__",
  "__vite_ssr_exportAll__",
  "exports",
  "require",
  "module",
  "__filename",
  "__dirname",
] as const;

/**
 * TypeScript source → the body of an async function over {@link MODULE_SCOPE}, in memory, with
 * oxc's native transformer (tens of microseconds for a revision file). Nothing is written
 * anywhere: the code that runs is always compiled from the text that was just read and
 * checksummed. A syntax error throws a `SyntaxError` whose message carries oxc's code frame.
 *
 * @example
 * ```ts
 * const body = transpileModule("/repo/migrations/versions/ab12_add.ts", text);
 * ```
 */
export function transpileModule(file: string, source: string): string {
  const lang = extname(file) === ".tsx" ? "tsx" : "ts";
  const stripped = transformSync(file, source, { lang, sourceType: "module" });
  throwOnErrors(file, stripped.errors);
  const runner = moduleRunnerTransformSync(file, splitDefaultAndNamespaceImports(stripped.code));
  throwOnErrors(file, runner.errors);
  return runner.code;
}

/**
 * {@link transpileModule} on oxc's own thread, the same code out: for a big module (a schema of
 * 1,000 tables, ~0.1 s of compiling), so the event loop meanwhile serves what else is under way
 * (a database's answers); a small one costs less than the thread hop.
 *
 * @example
 * ```ts
 * const body = await transpileModuleAsync("/repo/src/db/schema.ts", text);
 * ```
 */
export async function transpileModuleAsync(file: string, source: string): Promise<string> {
  return (await transpileWithImports(file, source)).code;
}

/** A module as {@link transpileModuleAsync} gives it, with what it imports. */
export interface TranspiledModule {
  readonly code: string;
  /** The specifiers of its static imports and re-exports once types are stripped (what it loads when it runs). */
  readonly imports: readonly string[];
}

/**
 * {@link transpileModuleAsync}, with the module's static imports as oxc found them: a type-only
 * import, or one whose bindings are only used as types, is not among them.
 *
 * @example
 * ```ts
 * const { code, imports } = await transpileWithImports("/repo/src/db/schema.ts", text); // imports: ["drizzle-orm/pg-core"]
 * ```
 */
export async function transpileWithImports(file: string, source: string): Promise<TranspiledModule> {
  const lang = extname(file) === ".tsx" ? "tsx" : "ts";
  const stripped = await transform(file, source, { lang, sourceType: "module" });
  throwOnErrors(file, stripped.errors);
  const runner = await moduleRunnerTransform(file, splitDefaultAndNamespaceImports(stripped.code));
  throwOnErrors(file, runner.errors);
  return { code: runner.code, imports: runner.deps };
}

/** Of `specifiers`, the drizzle-orm entry points, in order. */
export function drizzleEntryPoints(specifiers: readonly string[]): string[] {
  return specifiers.filter((specifier) => DRIZZLE_ORM.test(specifier));
}

/**
 * The drizzle-orm entry points `code` imports by static, value imports (`import type` left out),
 * in order: what a schema module will certainly load once it runs. Empty when the lexer cannot
 * read the text (TypeScript it does not know); the module's own imports are unaffected.
 *
 * @example
 * ```ts
 * drizzleImports('import { pgTable } from "drizzle-orm/pg-core";\nimport type { SQL } from "drizzle-orm";'); // ["drizzle-orm/pg-core"]
 * ```
 */
export function drizzleImports(code: string): string[] {
  initSync();
  let imports: ReturnType<typeof parse>[0];
  try {
    [imports] = parse(code);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const found of imports) {
    const specifier = found.n;
    if (found.d !== -1 || specifier === undefined || !DRIZZLE_ORM.test(specifier)) continue;
    if (!TYPE_ONLY.test(code.slice(found.ss, found.se))) out.push(specifier);
  }
  return out;
}

const DRIZZLE_ORM = /^drizzle-orm(\/|$)/;
const TYPE_ONLY = /^(import|export)\s+type\b/;

/** `import d, * as ns from …`, as far as a cheap test can tell (strings and comments included). */
const DEFAULT_AND_NAMESPACE = /\bimport\s+[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*\s*,\s*\*/u;
const STATEMENT =
  /^import\s+([\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*)\s*,\s*\*\s*as\s+([\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*)\s+from\s*([\s\S]*)$/u;

/**
 * `import d, * as ns from "m"` as two statements, `import d from "m"; import * as ns from "m";`, on
 * the lines the original took: oxc's module-runner pass (0.151–0.158) binds only the namespace of
 * such an import and leaves `d` undefined, so the module would fail with "d is not defined". Only
 * real import statements are rewritten (es-module-lexer finds them; the same text in a string or
 * a comment is left alone); a file without the pattern is returned as it is, unlexed.
 *
 * @example
 * ```ts
 * splitDefaultAndNamespaceImports('import d, * as ns from "m";'); // 'import d from "m"; import * as ns from "m";;'
 * ```
 */
export function splitDefaultAndNamespaceImports(code: string): string {
  if (!DEFAULT_AND_NAMESPACE.test(code)) return code;
  initSync();
  const [imports] = parse(code);
  let out = "";
  let at = 0;
  for (const found of imports) {
    if (found.d !== -1 || found.ss < at) continue; // -1: a static import statement
    const statement = code.slice(found.ss, found.se);
    const parts = STATEMENT.exec(statement);
    if (parts === null) continue;
    const [, name, namespace, rest] = parts;
    // a string literal holds no raw line break: the ones in `rest` are whitespace, and go after
    const from = (rest ?? "").replace(/[\r\n]/g, " ");
    const lineBreaks = statement.replace(/[^\n]/g, "");
    out += `${code.slice(at, found.ss)}import ${name} from ${from}; import * as ${namespace} from ${from};${lineBreaks}`;
    at = found.se;
  }
  return out + code.slice(at);
}

interface OxcDiagnostic {
  readonly message: string;
  readonly severity: string;
  readonly codeframe?: string | null;
}

function throwOnErrors(file: string, errors: readonly OxcDiagnostic[]): void {
  const fatal = errors.filter((e) => e.severity === "Error");
  if (fatal.length === 0) return;
  const detail = fatal.map((e) => e.codeframe?.trim() || e.message).join("\n");
  throw new SyntaxError(`${file} does not compile:\n${detail}`);
}
