import { mkdirSync } from "node:fs";
import type { ThrowawayDatabase } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import { importPeer } from "@athanor/core/dialect";
import { d1Dialect } from "./d1-dialect.js";
import type { D1DatabaseLike } from "./drivers/d1.js";
import { wrapD1 } from "./drivers/d1.js";
import { dropEveryObject } from "./drop-every-object.js";

/** The test-database URL of a throw-away D1: `createTestDatabase({ url: "d1::memory:" })`. */
export const D1_MEMORY_URL = "d1::memory:";

/** A D1 binding and the miniflare instance behind it. */
export interface MiniflareD1 {
  readonly database: D1DatabaseLike;
  dispose(): Promise<void>;
}

// miniflare wants a Worker even when only its bindings are used.
const WORKER = "export default { fetch() { return new Response('athanor') } }";

/**
 * A miniflare 3 instance with one D1 database `DB` (its local D1 is D1's engine: BEGIN refused,
 * foreign keys always on), persisted in the folder `persist`, in memory without. miniflare is an
 * optional peer, imported here only: a project that never asks for D1 never loads or installs
 * it (ATHANOR_PACKAGE_MISSING with the `npm i -D miniflare@3` line when it is missing).
 *
 * @example
 * ```ts
 * const { database, dispose } = await openMiniflareD1();
 * await upgrade({ dialect: d1Dialect({ database }), revisions }, "heads");
 * await dispose();
 * ```
 */
export async function openMiniflareD1(persist?: string): Promise<MiniflareD1> {
  const { Miniflare } = await importPeer(() => import("miniflare"), "miniflare", {
    install: ["miniflare@3"],
    purpose: "a throw-away Cloudflare D1 database runs on miniflare's local D1",
    dev: true,
  });
  if (persist !== undefined) mkdirSync(persist, { recursive: true });
  const mf = new Miniflare({
    modules: true,
    script: WORKER,
    d1Databases: ["DB"],
    ...(persist === undefined ? {} : { d1Persist: persist }),
  });
  try {
    const database = (await mf.getD1Database("DB")) as unknown as D1DatabaseLike;
    return { database, dispose: () => mf.dispose() };
  } catch (error) {
    await mf.dispose();
    throw error;
  }
}

/**
 * `@athanor/testing`'s throw-away D1 (`d1::memory:`): a miniflare instance of its own, in memory,
 * gone with `dispose`. Its dialect is `d1Dialect` over the binding, as a Worker would run the
 * revisions; `reset` drops every object.
 */
export async function d1Throwaway(url: string): Promise<ThrowawayDatabase> {
  if (url !== D1_MEMORY_URL) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `A throw-away D1 database is named ${JSON.stringify(D1_MEMORY_URL)}, not ${JSON.stringify(url)}: it always lives in memory (D1 itself is reached through a binding, never a URL).`,
      { url, expected: D1_MEMORY_URL },
    );
  }
  const mf = await openMiniflareD1();
  const label = "D1 (miniflare, in memory)";
  let disposed = false;
  return {
    flavour: "sqlite",
    name: "d1",
    url: undefined,
    dialect: d1Dialect({ database: mf.database, label }),
    reset: () => emptyD1(mf.database, label),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await mf.dispose();
    },
  };
}

/**
 * Drops every object of a D1 database in one batch. D1 ignores `PRAGMA foreign_keys = OFF`, so a
 * DROP of a parent would cascade or fail on its children's rows: the batch defers foreign keys
 * instead, and by its end every table is gone, so nothing is left to violate them.
 */
async function emptyD1(database: D1DatabaseLike, label: string): Promise<void> {
  const conn = wrapD1(database, label);
  const drops = await dropEveryObject(conn);
  if (drops.length === 0) return;
  // the session sends BEGIN … COMMIT as one batch, D1's only transaction
  await conn.executeScript(["BEGIN", "PRAGMA defer_foreign_keys = ON", ...drops, "COMMIT"]);
}
