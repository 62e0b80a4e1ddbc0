import type { NameInput } from "./definitions.js";
import { compact, deepFreeze, invalidOperation, qualifiedName, requireName } from "./normalize.js";
import type { CreateSyncTrigger, DropSyncTrigger, SyncTriggerDefinition } from "./operation.js";

/** The pair a sync trigger keeps in step, as builders accept it. */
export type SyncTriggerPairInput = Omit<SyncTriggerDefinition, "name" | "table">;

/** An SQL expression over `NEW`: text, no NUL (a driver would cut the statement there). */
function expression(kind: string, field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "" || value.includes("\0"))
    throw invalidOperation(kind, `pair.${field} must be an SQL expression over NEW`, {
      field: `pair.${field}`,
    });
  return value;
}

function syncTrigger<K extends "createSyncTrigger" | "dropSyncTrigger">(
  kind: K,
  name: string,
  table: NameInput,
  pair: SyncTriggerPairInput,
): SyncTriggerDefinition & { readonly kind: K } {
  if (typeof pair !== "object" || pair === null)
    throw invalidOperation(kind, "the pair must be an object { source, target, twoWay }", { field: "pair" });
  const source = requireName(kind, "pair.source", pair.source);
  const target = requireName(kind, "pair.target", pair.target);
  if (source === target)
    throw invalidOperation(kind, `pair.source and pair.target are both "${source}"`, {
      field: "pair.target",
    });
  if (typeof pair.twoWay !== "boolean")
    throw invalidOperation(kind, "pair.twoWay must be true or false", { field: "pair.twoWay" });
  // A one-way trigger never copies target → source: a conversion for it would be ignored.
  if (!pair.twoWay && pair.toSource !== undefined)
    throw invalidOperation(kind, "pair.toSource is only used with twoWay: true", { field: "pair.toSource" });
  return deepFreeze(
    compact({
      kind,
      name: requireName(kind, "trigger name", name),
      table: qualifiedName(kind, "table", table),
      source,
      target,
      twoWay: pair.twoWay,
      toTarget: expression(kind, "toTarget", pair.toTarget),
      toSource: expression(kind, "toSource", pair.toSource),
    }),
  ) as SyncTriggerDefinition & { readonly kind: K };
}

/**
 * Factories for the triggers that keep an old and a new column in step during a staged change;
 * each returns frozen, normalised data.
 *
 * @example
 * ```ts
 * syncTriggerOperations.createSyncTrigger("users_mail_email_sync", "users", { source: "mail", target: "email", twoWay: true });
 * ```
 */
export const syncTriggerOperations = {
  /** `op.createSyncTrigger("users_mail_email_sync", "users", { source: "mail", target: "email", twoWay: true })` */
  createSyncTrigger(name: string, table: NameInput, pair: SyncTriggerPairInput): CreateSyncTrigger {
    return syncTrigger("createSyncTrigger", name, table, pair);
  },
  /** `op.dropSyncTrigger("users_mail_email_sync", "users", { source: "mail", target: "email", twoWay: true })` */
  dropSyncTrigger(name: string, table: NameInput, pair: SyncTriggerPairInput): DropSyncTrigger {
    return syncTrigger("dropSyncTrigger", name, table, pair);
  },
} as const;
