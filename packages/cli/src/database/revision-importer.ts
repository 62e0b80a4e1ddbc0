import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { RevisionImporter } from "@athanor/core";
import type { RevisionDependencies } from "@athanor/core/runner";
import type { TypeScriptLoader } from "../loader/typescript-loader.js";
import { packageEntry } from "../package-root.js";

let loader: Promise<TypeScriptLoader> | undefined;
let loaded: TypeScriptLoader | undefined;

/**
 * Imports revision modules (and Drizzle schema files) for the CLI: `.js`/`.mjs` with Node's own
 * loader, `.ts`/`.mts`/`.cts` through the in-memory {@link TypeScriptLoader} — created on the
 * first TypeScript module that is about to run, so a no-op `upgrade` never pays for it. Inside
 * a revision, `@athanor/core` and `athanor` resolve to the CLI's own copies, so revisions run
 * from a project that only has athanor installed globally. Given an expected checksum, only text
 * with that checksum runs.
 *
 * @example
 * ```ts
 * await upgrade({ dialect, revisions: "migrations/versions", importer: cliRevisionImporter }, "heads");
 * ```
 */
export const cliRevisionImporter: RevisionImporter = async (file, expected) => {
  if (!/\.[mc]?ts$/.test(file)) return import(pathToFileURL(file).href);
  loader ??= createLoader();
  return (await loader).load(file, expected?.checksum, expected?.text);
};

/**
 * Starts transpiling the TypeScript module `file` ahead of its import by
 * {@link cliRevisionImporter} (see `TypeScriptLoader.prepare`): for a schema a command will
 * import once other work (the revision headers, the heads check) is done. Best effort: settles
 * (never rejects) once the transpiler has the text.
 *
 * @example
 * ```ts
 * await prepareImport("/repo/src/db/schema.ts");
 * ```
 */
export function prepareImport(file: string): Promise<void> {
  if (!/\.[mc]?ts$/.test(file)) return Promise.resolve();
  loader ??= createLoader();
  return loader.then((created) => created.prepare(file)).catch(() => undefined);
}

/**
 * What the revision `file` (with `checksum`) read when {@link cliRevisionImporter} ran it, for
 * the op cache; undefined for a module it did not load through the TypeScript loader (compiled
 * `.js` revisions are imported by Node, which does not say what they read, so they are not cached).
 *
 * @example
 * ```ts
 * FileOpCache.open(path, dir, { version, dependencies: revisionDependencies });
 * ```
 */
export function revisionDependencies(file: string, checksum: string): RevisionDependencies | undefined {
  return loaded?.dependencies(file, checksum);
}

async function createLoader(): Promise<TypeScriptLoader> {
  const [{ TypeScriptLoader }, { operationNames }] = await Promise.all([
    import("../loader/typescript-loader.js"),
    import("@athanor/core/revision"),
  ]);
  // a revision that only calls op's builders with literal arguments is evaluated from its text,
  // with `defineRevision` from core's revision entry: a revert never loads core's root barrel
  // (start-up-servers.test.ts), which a compiled module still imports
  loaded = new TypeScriptLoader(
    { athanor: selfEntry(), "@athanor/core": coreEntry() },
    new Set(await operationNames()),
    { "@athanor/core": { defineRevision: coreEntry("@athanor/core/revision") } },
  );
  return loaded;
}

function selfEntry(): string {
  return fileURLToPath(packageEntry(import.meta.url));
}

function coreEntry(entry = "@athanor/core"): string {
  return createRequire(import.meta.url).resolve(entry);
}
