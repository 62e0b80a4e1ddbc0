import { PGlite } from "@electric-sql/pglite";
import type { PGliteClient } from "../client-types.js";
import { type PGliteClass, startPglite } from "../pglite-start.js";

/**
 * An empty in-memory PGlite started the way athanor starts one for users: from the cached
 * initdb snapshot (~2 s of CPU) instead of `new PGlite()`'s initdb (~8 s on CI's machine).
 *
 * @example
 * ```ts
 * beforeAll(async () => { db = await freshPglite(); }, 60_000);
 * ```
 */
export function freshPglite(): Promise<PGliteClient> {
  return startPglite(PGlite as unknown as PGliteClass, undefined);
}
