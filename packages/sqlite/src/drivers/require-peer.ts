import { createRequire } from "node:module";
import { importPeer, type PeerNeed } from "@athanor/core/dialect";

const require = createRequire(import.meta.url);

/**
 * Loads a CommonJS driver package (better-sqlite3, libsql: neither ships an ES module) with
 * `require`, a missing one as ATHANOR_PACKAGE_MISSING. Through `import()` Node's ES module loader
 * would also scan the package's source for its export names and wrap it: ~12 M instructions
 * (~3 ms) more at every start (docs/performance.md, "SQLite apply, eighth pass").
 *
 * @example
 * ```ts
 * const Database = await requirePeer<typeof BetterSqlite3>("better-sqlite3", { install: ["better-sqlite3"], purpose: "…" });
 * ```
 */
export async function requirePeer<T>(specifier: string, need: PeerNeed): Promise<T> {
  return importPeer(async () => require(specifier) as T, specifier, need);
}
