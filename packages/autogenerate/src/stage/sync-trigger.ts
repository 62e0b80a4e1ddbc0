import { createHash } from "node:crypto";
import { type Execute, operations, type SyncTriggerPair } from "@athanor/core";
import type { StageContext } from "./stage-context.js";

/** A column kept in step with another (core's `SyncTriggerPair` before it is named and placed). */
export type SyncPair = Omit<SyncTriggerPair, "name" | "inDefaultSchema">;

/** PostgreSQL's identifier limit is 63 bytes, MySQL's 64 characters: long names keep a hash suffix. */
export function shortName(name: string, limit = 63): string {
  if (Buffer.byteLength(name) <= limit) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, limit - 9)}_${hash}`;
}

/** `users_mail_email_sync`: the trigger (and on PostgreSQL its function) of one pair. */
export function syncName(pair: SyncPair): string {
  return shortName(`${pair.table}_${pair.source}_${pair.target}_sync`, 58);
}

/**
 * The statements that create the sync for `pair`, as `execute` operations whose `down` drops
 * what they create (so `reverse` of the list, in reverse order, removes it again). The dialect's
 * hooks write them (`syncTriggers`): PostgreSQL one plpgsql function and a BEFORE INSERT OR
 * UPDATE trigger, MySQL/MariaDB two single-statement BEFORE triggers.
 *
 * @example
 * ```ts
 * createSyncOperations(ctx, { schema: "public", table: "users", source: "mail", target: "email", twoWay: true, ... });
 * ```
 */
export function createSyncOperations(ctx: StageContext, pair: SyncPair): Execute[] {
  const statements = ctx.staging.syncTriggers({
    ...pair,
    name: syncName(pair),
    inDefaultSchema: pair.schema === ctx.defaultSchema,
  });
  return statements.map((s) => operations.execute(s.sql, { down: s.down }));
}
