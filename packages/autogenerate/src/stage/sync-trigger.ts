import { createHash } from "node:crypto";
import { type CreateSyncTrigger, operations, type SyncTriggerDefinition } from "@athanor/core";

/** A column kept in step with another: the trigger's fields before it is named. */
export type SyncPair = Omit<SyncTriggerDefinition, "name">;

/** PostgreSQL's identifier limit is 63 bytes, MySQL's 64 characters: long names keep a hash suffix. */
export function shortName(name: string, limit = 63): string {
  if (Buffer.byteLength(name) <= limit) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, limit - 9)}_${hash}`;
}

/** `users_mail_email_sync`: the trigger (and on PostgreSQL its function) of one pair. */
export function syncName(pair: SyncPair): string {
  return shortName(`${pair.table.name}_${pair.source}_${pair.target}_sync`, 58);
}

/**
 * The `createSyncTrigger` operation that keeps `pair.target` in step with `pair.source`; the
 * dialect's renderer writes its triggers (PostgreSQL a plpgsql function and one trigger,
 * MySQL/MariaDB two single-statement triggers), and `reverse` of it drops them.
 *
 * @example
 * ```ts
 * createSyncOperation({ table: { name: "users" }, source: "mail", target: "email", twoWay: true });
 * ```
 */
export function createSyncOperation(pair: SyncPair): CreateSyncTrigger {
  const { table, ...rest } = pair;
  return operations.createSyncTrigger(syncName(pair), table, rest);
}
