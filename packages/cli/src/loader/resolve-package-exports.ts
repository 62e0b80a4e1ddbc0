import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The conditions an ES module import matches on Node (≥ 20.19 also matches `module-sync`); which
 * one wins is the order the package lists them in.
 */
const CONDITIONS = new Set(["node", "import", "module-sync", "default"]);

/**
 * Resolves a package import the way Node's ESM resolver does for `exports` (exact subpaths,
 * `*` patterns, nested conditions with `node`/`import`/`default`). Looks in every `node_modules`
 * folder from the importing file's folder up. Undefined when no such package is installed or the
 * one found has no `exports` (Node's CommonJS resolver answers those alike); throws an error
 * naming the package when its `exports` do not export the subpath.
 *
 * @example
 * ```ts
 * resolvePackageExports("esm-only/sub", "/repo/migrations/versions/ab12_add.ts"); // "/repo/node_modules/esm-only/dist/sub.js"
 * ```
 */
export function resolvePackageExports(specifier: string, parentFile: string): string | undefined {
  const parts = specifier.split("/");
  const nameLength = specifier.startsWith("@") ? 2 : 1;
  const name = parts.slice(0, nameLength).join("/");
  const subpath = ["."].concat(parts.slice(nameLength)).join("/");
  for (let dir = dirname(parentFile); ; dir = dirname(dir)) {
    const packageDir = join(dir, "node_modules", name);
    const manifest = readManifest(join(packageDir, "package.json"));
    if (manifest !== undefined) {
      if (manifest.exports === undefined || manifest.exports === null) return undefined;
      const target = exportTarget(manifest.exports, subpath);
      if (target === undefined) {
        throw new Error(`Package subpath '${subpath}' is not exported by ${name} (${packageDir}).`);
      }
      return resolve(packageDir, target);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

type Manifest = { exports?: unknown } | undefined;

/**
 * Manifests read so far, a missing one as `undefined`: every revision of a folder may import the
 * same package, and reading and parsing its package.json (drizzle-orm's: 60 KB, 450 exports) at
 * each import cost ~1.7 ms — more than Node's own resolver, which caches them too. The CLI is
 * one short run: a package installed or changed during it is not seen, as with Node's.
 */
const manifests = new Map<string, Manifest>();

function readManifest(path: string): Manifest {
  if (manifests.has(path)) return manifests.get(path);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8")) as { exports?: unknown };
  } catch {
    manifest = undefined;
  }
  manifests.set(path, manifest);
  return manifest;
}

function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (exports === null || exports === undefined) return undefined;
  const isSubpathMap =
    typeof exports === "object" &&
    !Array.isArray(exports) &&
    Object.keys(exports).some((k) => k.startsWith("."));
  if (!isSubpathMap) return subpath === "." ? conditional(exports) : undefined;
  const map = exports as Record<string, unknown>;
  if (subpath in map) return conditional(map[subpath]);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf("*");
    if (star < 0) continue;
    const [before, after] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(before) && subpath.endsWith(after) && subpath.length >= key.length - 1) {
      const matched = subpath.slice(before.length, subpath.length - after.length);
      return conditional(value)?.replaceAll("*", matched);
    }
  }
  return undefined;
}

function conditional(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(conditional).find((v) => v !== undefined);
  if (typeof value !== "object" || value === null) return undefined;
  for (const [condition, target] of Object.entries(value)) {
    if (!CONDITIONS.has(condition)) continue;
    const resolved = conditional(target);
    if (resolved !== undefined) return resolved;
  }
  return undefined;
}
