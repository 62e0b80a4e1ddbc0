import { statSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, extname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { resolvePackageExports } from "./resolve-package-exports.js";

/** Where an import of a TypeScript module leads: another TypeScript file we compile, or something Node loads. */
export type ResolvedImport =
  | { readonly kind: "typescript"; readonly file: string }
  | { readonly kind: "native"; readonly specifier: string };

/** Extensions compiled by the loader rather than handed to Node. */
export const TYPESCRIPT_EXTENSIONS = [".ts", ".mts", ".cts"] as const;

/**
 * Resolves one import written in a TypeScript module (a revision, a helper it imports, a Drizzle
 * schema file). Aliased packages (`athanor`, `@athanor/core`) go to the CLI's own copies; relative
 * paths follow TypeScript's habits (`./x` and `./x.js` may mean `./x.ts`); packages resolve from
 * the importing file's folder, the way Node would for that file.
 *
 * @example
 * ```ts
 * resolveSpecifier("./helpers.js", "/repo/migrations/versions/ab12_add.ts", {}); // { kind: "typescript", file: ".../helpers.ts" }
 * ```
 */
export function resolveSpecifier(
  specifier: string,
  parentFile: string,
  aliases: Readonly<Record<string, string>>,
): ResolvedImport {
  const aliased = aliases[specifier];
  if (aliased !== undefined) return aliasTarget(aliased);
  if (isBuiltin(specifier)) return { kind: "native", specifier };
  if (specifier.startsWith("file:")) return asResolved(pathOf(fileURLToPath(specifier)));
  if (/^\.{1,2}(\/|$)/.test(specifier) || specifier.startsWith("/")) {
    return asResolved(pathOf(resolve(dirname(parentFile), specifier)));
  }
  return { kind: "native", specifier: pathToFileURL(resolvePackage(specifier, parentFile)).href };
}

/**
 * Where an aliased package (athanor's own) leads, once per path: every revision imports one, and
 * building its file URL each time cost a `URL` per revision on a cold `--sql`.
 */
const ALIAS_TARGETS = new Map<string, ResolvedImport>();

function aliasTarget(file: string): ResolvedImport {
  let target = ALIAS_TARGETS.get(file);
  if (target === undefined) {
    target = asResolved(file);
    ALIAS_TARGETS.set(file, target);
  }
  return target;
}

function asResolved(file: string): ResolvedImport {
  return (TYPESCRIPT_EXTENSIONS as readonly string[]).includes(extname(file))
    ? { kind: "typescript", file }
    : { kind: "native", specifier: pathToFileURL(file).href };
}

/** The file a path import means, trying what TypeScript's bundler/NodeNext resolution would. */
function pathOf(path: string): string {
  const ext = extname(path);
  const swapped = { ".js": [".ts"], ".mjs": [".mts"], ".cjs": [".cts"] }[ext] ?? [];
  const stem = path.slice(0, path.length - ext.length);
  const candidates = [
    path,
    ...swapped.map((e) => stem + e),
    ...[".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"].map((e) => path + e),
    ...["index.ts", "index.js"].map((name) => resolve(path, name)),
  ];
  // a missing file falls through to Node, whose error names the path
  return candidates.find(isFile) ?? path;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * A package import, resolved from the importing file the way an `import` of it from an ES module
 * would be: a package whose `exports` serve both `import` and `require` (drizzle-orm) resolves to
 * its ES build, the copy athanor's own modules import — so the schema's tables and the reader's
 * classes come from one copy, loaded once. Packages without `exports` (only `main`, which both
 * resolvers read alike), imports the ES resolver here does not cover (a package importing itself
 * by name) and `exports` with only a `require` entry go to Node's CommonJS resolver, the only
 * one Node 20 exposes for an arbitrary parent.
 */
function resolvePackage(specifier: string, parentFile: string): string {
  const commonJs = () => createRequire(parentFile).resolve(specifier);
  let target: string | undefined;
  try {
    target = resolvePackageExports(specifier, parentFile);
  } catch (error) {
    // `exports` serving only `require`: what this loader always allowed
    try {
      return commonJs();
    } catch {
      throw error;
    }
  }
  return target ?? commonJs();
}
