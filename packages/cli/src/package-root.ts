import { existsSync } from "node:fs";

/**
 * The folder of the package a module belongs to: the nearest folder above it holding a
 * `package.json`. A module's depth is no guide — the same code runs from `src/config/`, from a
 * bundle entry in `dist/` or from a shared chunk in `dist/chunks/`.
 *
 * @example
 * ```ts
 * new URL("package.json", packageRoot(import.meta.url)); // file:///…/node_modules/athanor/package.json
 * ```
 */
export function packageRoot(moduleUrl: string): URL {
  for (let folder = new URL(".", moduleUrl); ; folder = new URL("..", folder)) {
    if (existsSync(new URL("package.json", folder))) return folder;
    if (folder.pathname === "/") throw new Error(`no package.json above ${moduleUrl}`);
  }
}

/**
 * This package's public entry (`import … from "athanor"`): the built `dist/index.js`, or
 * `src/index.ts` when the caller runs from the TypeScript sources (the package's own tests).
 */
export function packageEntry(moduleUrl: string): URL {
  return new URL(moduleUrl.endsWith(".ts") ? "src/index.ts" : "dist/index.js", packageRoot(moduleUrl));
}
