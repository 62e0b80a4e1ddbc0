import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const IMPORT_SPECIFIER =
  /\bimport\b[^;]*?\bfrom\s*(["'])([^"']+)\1|\bimport\s*\(|\brequire\s*\(|\bimport\.meta\b/g;

/**
 * Most `athanor.config.ts` files are plain JavaScript with a `.ts` name: one import of
 * `defineConfig` from `athanor` and an object literal. Those are imported natively (no TypeScript
 * loader to start, which is most of a listing command's start-up), with `athanor` pointed at this
 * CLI. Returns `undefined` when the file is not that simple or does not parse as JavaScript, and
 * the caller falls back to the full loader. Errors thrown while the config runs propagate.
 *
 * @example
 * ```ts
 * const config = await importPlainConfig("/repo/athanor.config.ts", "/cli/dist/index.js");
 * ```
 */
export async function importPlainConfig(file: string, selfEntry: string): Promise<unknown> {
  if (selfEntry.endsWith(".ts")) return undefined; // running from source (tests): only the TypeScript loader can load it
  const source = readFileSync(file, "utf8");
  let simple = true;
  const rewritten = source.replace(IMPORT_SPECIFIER, (match, quote?: string, specifier?: string) => {
    if (specifier !== "athanor") simple = false; // relative imports, dynamic imports, import.meta
    return specifier === "athanor"
      ? match.replace(`${quote}athanor${quote}`, JSON.stringify(pathToFileURL(selfEntry).href))
      : match;
  });
  if (!simple) return undefined;
  const url = `data:text/javascript;base64,${Buffer.from(rewritten).toString("base64")}`;
  try {
    return ((await import(url)) as { default?: unknown }).default;
  } catch (error) {
    // TypeScript syntax (annotations, `satisfies`, `import type`) fails to parse before anything runs.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
