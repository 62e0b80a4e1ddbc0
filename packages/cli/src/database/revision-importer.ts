import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { RevisionImporter } from "@athanor/core";

type Jiti = { import(id: string): Promise<unknown> };
let jiti: Promise<Jiti> | undefined;

/**
 * Imports revision modules for the CLI: `.js`/`.mjs` with Node's own loader, `.ts`/`.mts`
 * through jiti — created on the first TypeScript revision that is about to run, so a no-op
 * `upgrade` never pays for it. Inside a revision, `@athanor/core` and `athanor` resolve to the
 * CLI's own copies, so revisions run from a project that only has athanor installed globally.
 *
 * @example
 * ```ts
 * await upgrade({ dialect, revisions: "migrations/versions", importer: cliRevisionImporter }, "heads");
 * ```
 */
export const cliRevisionImporter: RevisionImporter = async (file) => {
  if (!/\.[mc]?ts$/.test(file)) return import(pathToFileURL(file).href);
  jiti ??= createJitiOnce();
  return (await jiti).import(file);
};

async function createJitiOnce(): Promise<Jiti> {
  const { createJiti } = await import("jiti");
  return createJiti(import.meta.url, {
    alias: { athanor: selfEntry(), "@athanor/core": coreEntry() },
    // a long-lived process (an app, a test) must run the revision file as it is now, the same
    // text its checksum is computed from
    moduleCache: false,
  });
}

function selfEntry(): string {
  const js = fileURLToPath(new URL("../index.js", import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL("../index.ts", import.meta.url));
}

function coreEntry(): string {
  return createRequire(import.meta.url).resolve("@athanor/core");
}
