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
  // loader/typescript-loader: noop-upgrade.js and heads-direct.js (solo entries, below) import it from here
  athanor: [
    "main",
    "process-guards",
    "error-codes",
    "database/introspect-worker",
    "loader/typescript-loader",
  ],
  // bench/backfill-replica-lag.mjs (testing/ is not published)
  "@athanor/postgres": ["replica-lag", "testing/streaming-standby"],
  // scripts/error-catalogue.mjs and tests/errors read the error-code tables by path
  "@athanor/autogenerate": ["error-codes"],
  "@athanor/drizzle": ["error-codes"],
};

// Entries built as one file each, outside the split (their modules are copies of the ones in the
// shared chunks): bin.js loads dist/noop-upgrade.js for `upgrade`, so a no-op answered from the
// folder's summary reads one CLI file instead of ~20, and dist/heads-direct.js for `heads` (docs/performance.md, "No-op upgrade,
// fifteenth session"). A copy must hold no state another module reads: the process guards are
// never copied (a solo entry's import of them stays an import of the split build's
// dist/process-guards.js, which bin.js has loaded), and @athanor/* stay imports (core's classes
// and registry exist once).
const SOLO_ENTRIES = { athanor: ["noop-upgrade", "heads-direct"] };
const SOLO_REFUSED = ["src/process-guards.ts"];

// Groups of entry points, each group built as one module and each published path a one-line facade
// re-exporting its names from it. esbuild's splitting makes a chunk for every distinct set of
// entries that share code, and core's areas overlap in so many ways that an apply through the root
// barrel opened 38 of core's files; Node's ESM loader costs ~1 ms a file on this machine before
// compiling anything (docs/performance.md, "SQLite apply, twelfth pass"). `apply` is the graph,
// the planner and the runner; `start` is what a no-op `upgrade` loads besides its summary check
// (dialect, errors, text, preflight), which `heads` loads too: a no-op opens 13 of core's files
// instead of 17 and `heads` 15 (twenty-third session: `heads` at 10,000 −28 M instructions, the
// no-op −8 M). `revision` stays out: in the group, the no-op would load the header loader, which
// it must import only on a miss (noop-summary-servers.test.ts). The root barrel stays out of
// one-area commands. Every class and piece of module state still exists once: the facades
// re-export, they copy nothing.
const GROUPED_ENTRIES = {
  "@athanor/core": {
    apply: ["graph/index", "plan/index", "runner/index"],
    start: ["errors", "text/index", "dialect/index", "preflight"],
  },
};

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
  const options = {
    absWorkingDir: folder,
    outdir: "dist",
    outbase: "src",
    entryNames: "[dir]/[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // every bare import (node:*, @athanor/*, drivers, commander) stays an import
    packages: "external",
    // No maps in the published packages (issue 17: no maps without the sources they point to):
    // the bundles are not minified, so a stack trace names the source's functions (esbuild
    // renames one only where two modules' top-level names collide). ATHANOR_SOURCEMAP=1 builds
    // linked maps into src/ for debugging in this repository (`node --enable-source-maps`).
    sourcemap: process.env.ATHANOR_SOURCEMAP === "1" ? "linked" : false,
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "warning",
  };
  const groups = Object.entries(GROUPED_ENTRIES[manifest.name] ?? {})
    .map(([name, members]) => [name, members.filter((entry) => entries.has(entry))])
    .filter(([, members]) => members.length > 0);
  const grouped = groups.flatMap(([, members]) => members);
  // the grouped entries' export names, from a build of them as they are (not written)
  const exportsOf = grouped.length === 0 ? new Map() : await entryExports(build, options, grouped);
  const exportName = (entry, name) => `e${grouped.indexOf(entry)}$${name}`;
  const split = await build({
    ...options,
    entryPoints: [
      ...[...entries].filter((entry) => !grouped.includes(entry)).map((entry) => `src/${entry}.ts`),
      ...groups.map(([name]) => ({ in: `athanor-group:${name}`, out: `chunks/${name}` })),
    ],
    plugins: groups.map(([name, members]) =>
      virtualEntry(
        `athanor-group:${name}`,
        members
          .map((entry) => {
            const names = exportsOf.get(entry).map((n) => `${n} as ${exportName(entry, n)}`);
            return `export { ${names.join(", ")} } from "./${entry}.ts";`;
          })
          .join("\n"),
        join(folder, "src"),
      ),
    ),
    splitting: true,
  });
  const solo = SOLO_ENTRIES[manifest.name] ?? [];
  const results = [split];
  if (solo.length > 0)
    results.push(
      await build({
        ...options,
        entryPoints: solo.map((entry) => `src/${entry}.ts`),
        plugins: [sharedDynamicImports(folder, entries)],
      }),
    );
  const map = Object.assign({}, ...results.map((result) => moduleMap(result.metafile)));
  const dist = join(folder, "dist");
  const written = new Set();
  for (const [name, members] of groups)
    for (const entry of members) {
      const path = join(dist, `${entry}.js`);
      const from = relative(dirname(path), join(dist, `chunks/${name}.js`));
      const names = exportsOf.get(entry).map((n) => `${exportName(entry, n)} as ${n}`);
      written.add(path);
      writeIfChanged(
        path,
        Buffer.from(`export { ${names.join(", ")} } from "${from.startsWith(".") ? from : `./${from}`}";\n`),
      );
      map[`dist/${entry}.js`] = [];
    }
  for (const entry of solo) {
    const refused = (map[`dist/${entry}.js`] ?? []).filter((input) => SOLO_REFUSED.includes(input));
    if (refused.length > 0) throw new Error(`dist/${entry}.js must not hold a copy of ${refused.join(", ")}`);
  }
  for (const file of results.flatMap((result) => result.outputFiles)) {
    written.add(file.path);
    writeIfChanged(file.path, Buffer.from(file.contents));
  }
  const meta = join(folder, META_FILE);
  written.add(meta);
  writeIfChanged(meta, Buffer.from(`${JSON.stringify(map, null, 1)}\n`));
  for (const file of walk(dist))
    if (/\.js(\.map)?$/.test(file) && !written.has(file)) rmSync(file, { force: true });
}

/**
 * A solo entry's `import("./x.js")` stays an import of the split build's entry for that module,
 * so a lazily loaded module (the TypeScript loader and its state) exists once in the process and
 * its static imports are not hoisted into the solo file; so does any import of a refused module
 * (the process guards' state). Solo entries sit at dist/'s top.
 */
function sharedDynamicImports(folder, entries) {
  return {
    name: "shared-dynamic-imports",
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const source = relative(folder, resolve(args.resolveDir, args.path)).replace(/\.js$/, ".ts");
        if (args.kind !== "dynamic-import" && !SOLO_REFUSED.includes(source)) return undefined;
        const entry = relative(join(folder, "src"), resolve(args.resolveDir, args.path)).replace(
          /\.[jt]s$/,
          "",
        );
        if (!entries.has(entry))
          return {
            errors: [{ text: `${args.path}: a solo entry may import() only an entry of the split build` }],
          };
        return { path: `./${entry}.js`, external: true };
      });
    },
  };
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

/** Each entry's export names (JavaScript values only: types are tsc's). */
async function entryExports(build, options, entries) {
  const { metafile } = await build({
    ...options,
    entryPoints: entries.map((entry) => `src/${entry}.ts`),
    splitting: true,
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
      build.onLoad({ filter: new RegExp(`^${name}$`), namespace: "athanor-group" }, () => ({
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
