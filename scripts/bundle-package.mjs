#!/usr/bin/env node
// Builds a package's JavaScript: one esbuild bundle per `exports` entry, with `splitting`, so code
// two entries share sits in one chunk — each class (AthanorError) and each piece of module state
// (the dialect registry) exists once for every importer. Node's ESM loader reads and compiles a
// module at a time; ~40 files instead of ~150 is most of a no-op `upgrade`'s import cost
// (docs/performance.md, "Sixth pass"). Declarations come from `tsc -b` (emitDeclarationOnly).
//
// Usage: node scripts/bundle-package.mjs <package folder>...   (default: the current folder)
// Writes only files whose bytes changed (by rename), so a test process reading dist/ while a test
// helper rebuilds never sees a half-written file; deletes stale .js files.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// Files outside `exports` that other files of this repository import from dist/ by path: the
// CLI's bin.js starts main.js and process-guards.js; the error catalogue reads error-codes.js;
// the CLI starts database/introspect-worker.js as a worker thread.
const EXTRA_ENTRIES = {
  athanor: ["main", "process-guards", "error-codes", "database/introspect-worker"],
  // bench/backfill-replica-lag.mjs (testing/ is not published)
  "@athanor/postgres": ["replica-lag", "testing/streaming-standby"],
  // scripts/error-catalogue.mjs and tests/errors read the error-code tables by path
  "@athanor/autogenerate": ["error-codes"],
  "@athanor/drizzle": ["error-codes"],
};

// Entry points built as one module, each published path a one-line facade re-exporting its names
// from it (dist/chunks/areas.js). esbuild's splitting makes a chunk for every distinct set of
// entries that share code; core's eight area entries overlap in so many ways that its root barrel
// loaded 33 files on an apply, and Node's ESM loader costs ~0.45 ms a file before compiling
// anything (docs/performance.md, "SQLite apply, ninth pass"). Grouped, the areas load one
// module between them (more bytes for a one-area command, none of the root barrel) and the
// barrel a handful; every class and piece of module state still exists once.
const GROUPED_ENTRIES = {
  "@athanor/core": [
    "dialect/index",
    "errors",
    "graph/index",
    "plan/index",
    "preflight",
    "revision/index",
    "runner/index",
    "text/index",
  ],
};
const GROUP_OUT = "chunks/areas";

/** Where the bundle's module map is written: which source files each output file holds. */
export const META_FILE = "dist/bundle-meta.json";

export async function bundlePackage(folder) {
  const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  const entries = new Set(EXTRA_ENTRIES[manifest.name] ?? []);
  for (const target of Object.values(manifest.exports ?? {})) {
    const file = typeof target === "string" ? target : target.default;
    const match = /^\.\/dist\/(.+)\.js$/.exec(file ?? "");
    if (match) entries.add(match[1]);
  }
  // loaded here, not at the top: build-package.mjs imports this module even when dist/ is fresh
  const { build } = await import("esbuild");
  const grouped = (GROUPED_ENTRIES[manifest.name] ?? []).filter((entry) => entries.has(entry));
  // the grouped entries' export names, from a build of them as they are (not written)
  const exportsOf = grouped.length === 0 ? new Map() : await entryExports(build, folder, grouped);
  const groupSource = grouped
    .map((entry, i) => {
      const names = exportsOf.get(entry).map((name) => `${name} as e${i}$${name}`);
      return `export { ${names.join(", ")} } from "./${entry}.ts";`;
    })
    .join("\n");
  const result = await build({
    ...esbuildOptions(folder),
    entryPoints: [
      ...[...entries].filter((entry) => !grouped.includes(entry)).map((entry) => `src/${entry}.ts`),
      ...(grouped.length === 0 ? [] : [{ in: "athanor-group:areas", out: GROUP_OUT }]),
    ],
    plugins:
      grouped.length === 0 ? [] : [virtualEntry("athanor-group:areas", groupSource, join(folder, "src"))],
    chunkNames: "chunks/[name]-[hash]",
    // No maps in the published packages (issue 17: no maps without the sources they point to):
    // the bundles are not minified, so a stack trace names the source's functions (esbuild
    // renames one only where two modules' top-level names collide). ATHANOR_SOURCEMAP=1 builds
    // linked maps into src/ for debugging in this repository (`node --enable-source-maps`).
    sourcemap: process.env.ATHANOR_SOURCEMAP === "1" ? "linked" : false,
    sourcesContent: false,
  });
  const dist = join(folder, "dist");
  const written = new Set();
  for (const file of result.outputFiles) {
    written.add(file.path);
    writeIfChanged(file.path, Buffer.from(file.contents));
  }
  const map = moduleMap(result.metafile);
  grouped.forEach((entry, i) => {
    const path = join(dist, `${entry}.js`);
    const from = relative(dirname(path), join(dist, `${GROUP_OUT}.js`));
    const names = exportsOf.get(entry).map((name) => `e${i}$${name} as ${name}`);
    written.add(path);
    writeIfChanged(
      path,
      Buffer.from(`export { ${names.join(", ")} } from "${from.startsWith(".") ? from : `./${from}`}";\n`),
    );
    map[`dist/${entry}.js`] = [];
  });
  const meta = join(folder, META_FILE);
  written.add(meta);
  writeIfChanged(meta, Buffer.from(`${JSON.stringify(map, null, 1)}\n`));
  for (const file of walk(dist))
    if (/\.js(\.map)?$/.test(file) && !written.has(file)) rmSync(file, { force: true });
}

/** `{ "dist/chunks/chunk-X.js": ["src/errors.ts", …] }`: the proof tests read what a run loaded. */
function moduleMap(metafile) {
  return Object.fromEntries(
    Object.entries(metafile.outputs).map(([out, { inputs }]) => [
      out,
      Object.keys(inputs)
        .filter((input) => !input.startsWith("athanor-group:"))
        .sort(),
    ]),
  );
}

/** What every build of a package shares: ES modules for Node 20, split, in memory. */
function esbuildOptions(folder) {
  return {
    absWorkingDir: folder,
    outdir: "dist",
    outbase: "src",
    entryNames: "[dir]/[name]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // every bare import (node:*, @athanor/*, drivers, commander) stays an import
    packages: "external",
    metafile: true,
    write: false,
    logLevel: "warning",
  };
}

/** Each entry's export names (JavaScript values only: types are tsc's). */
async function entryExports(build, folder, entries) {
  const { metafile } = await build({
    ...esbuildOptions(folder),
    entryPoints: entries.map((entry) => `src/${entry}.ts`),
  });
  const byEntry = new Map();
  for (const output of Object.values(metafile.outputs))
    if (output.entryPoint !== undefined)
      byEntry.set(output.entryPoint.replace(/^src\/|\.ts$/g, ""), output.exports);
  return byEntry;
}

/** An entry point whose text is `contents`, resolved as if it were a file in `resolveDir`. */
function virtualEntry(name, contents, resolveDir) {
  return {
    name: "athanor-virtual-entry",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${name}$`) }, () => ({
        path: name,
        namespace: "athanor-group",
      }));
      build.onLoad({ filter: /.*/, namespace: "athanor-group" }, () => ({
        contents,
        resolveDir,
        loader: "ts",
      }));
    },
  };
}

function writeIfChanged(path, bytes) {
  if (existsSync(path) && readFileSync(path).equals(bytes)) return;
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

function* walk(folder) {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) {
  const folders = process.argv.length > 2 ? process.argv.slice(2) : ["."];
  for (const folder of folders) await bundlePackage(resolve(folder));
}
