import { extname } from "node:path";
import { moduleRunnerTransformSync, transformSync } from "oxc-transform";

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
 * TypeScript source → plain JavaScript, still an ES module, in memory, with oxc's native
 * transformer (types stripped, enums and the like lowered; tens of microseconds for a revision
 * file). The code that runs is always compiled from the text that was just read and checksummed.
 * A syntax error throws a `SyntaxError` whose message carries oxc's code frame.
 *
 * @example
 * ```ts
 * stripTypes("/repo/schema.ts", "export const n: number = 1;"); // "export const n = 1;\n"
 * ```
 */
export function stripTypes(file: string, source: string): string {
  const lang = extname(file) === ".tsx" ? "tsx" : "ts";
  const stripped = transformSync(file, source, { lang, sourceType: "module" });
  throwOnErrors(file, stripped.errors);
  return stripped.code;
}

/**
 * Plain JavaScript from {@link stripTypes} → the body of an async function over
 * {@link MODULE_SCOPE} (oxc's module-runner pass).
 *
 * @example
 * ```ts
 * moduleRunnerForm("/repo/schema.ts", stripTypes("/repo/schema.ts", text));
 * ```
 */
export function moduleRunnerForm(file: string, code: string): string {
  const runner = moduleRunnerTransformSync(file, code);
  throwOnErrors(file, runner.errors);
  return runner.code;
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
