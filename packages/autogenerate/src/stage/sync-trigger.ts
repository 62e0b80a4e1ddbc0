import { type CreateSyncTrigger, operations, type SyncTriggerDefinition } from "@athanor/core";
import { shortName } from "@athanor/core/text";

/** A column kept in step with another: the trigger's fields before it is named. */
export type SyncPair = Omit<SyncTriggerDefinition, "name">;

/**
 * `zz_users_mail_email_sync`: the trigger (and on PostgreSQL its function) of one pair. PostgreSQL
 * fires a table's BEFORE triggers in name order: the `zz_` prefix makes the copy run after the
 * hand-written ones (a trigger that normalises the old column), so the new column gets what they
 * made of the value. One that still sorts later is refused when the trigger is created.
 */
export function syncName(pair: SyncPair): string {
  return shortName(`zz_${pair.table.name}_${pair.source}_${pair.target}_sync`, 58);
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
