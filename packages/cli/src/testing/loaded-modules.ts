import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const PACKAGES = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The modules a process evaluated, read from Node's `NODE_DEBUG=esm` log, named by the source
 * they come from: a file of a bundled package counts as every source module it holds (its
 * package's `dist/bundle-meta.json`, written by scripts/bundle-package.mjs), any other file as
 * itself. Names are `<package folder>/<path>`: `core/src/index.ts`, `postgres/dist/dialects.js`.
 *
 * @example
 * ```ts
 * loadedModules(run.stderr).has("core/src/index.ts"); // was core's root barrel evaluated?
 * ```
 */
export function loadedModules(log: string): Set<string> {
  const names = new Set<string>();
  for (const [url] of log.matchAll(/file:\/\/\/[^\s'"]+\.js/g)) {
    const path = fileURLToPath(url);
    const inPackage = path.startsWith(PACKAGES)
      ? /^([^/]+)\/(dist\/.+)$/.exec(path.slice(PACKAGES.length))
      : null;
    if (!inPackage) {
      names.add(path);
      continue;
    }
    const [, pkg, file] = inPackage as unknown as [string, string, string];
    const sources = bundleMap(pkg)?.[file];
    for (const name of sources ?? [file]) names.add(`${pkg}/${name}`);
  }
  return names;
}

const maps = new Map<string, Record<string, readonly string[]> | undefined>();

function bundleMap(pkg: string): Record<string, readonly string[]> | undefined {
  if (!maps.has(pkg)) {
    const file = `${PACKAGES}${pkg}/dist/bundle-meta.json`;
    maps.set(pkg, existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined);
  }
  return maps.get(pkg);
}
