import type { OperationOf } from "@athanor/core";
import { quoteIdent, quoteQualified } from "../quote.js";

type SyncTrigger = OperationOf<"createSyncTrigger"> | OperationOf<"dropSyncTrigger">;

/** `name_ins` / `name_upd`, in the table's database (unqualified with the table). */
const triggerName = (op: SyncTrigger, suffix: "ins" | "upd") =>
  quoteQualified(
    op.table.schema === undefined
      ? { name: `${op.name}_${suffix}` }
      : { schema: op.table.schema, name: `${op.name}_${suffix}` },
  );

/**
 * Two single-statement BEFORE triggers (no DELIMITER needed). The second assignment of a two-way
 * pair sees the first one's result, so exactly one direction is copied. Without `toTarget` /
 * `toSource` the other side is copied as it is: assignment converts types.
 *
 * @example
 * ```ts
 * renderCreateSyncTrigger(operations.createSyncTrigger("t_a_b_sync", "t", { source: "a", target: "b", twoWay: false }));
 * // ["CREATE TRIGGER `t_a_b_sync_ins` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.`b` = NEW.`a`", ...]
 * ```
 */
export function renderCreateSyncTrigger(op: OperationOf<"createSyncTrigger">): string[] {
  const table = quoteQualified(op.table);
  const [s, t] = [quoteIdent(op.source), quoteIdent(op.target)];
  const toTarget = op.toTarget ?? `NEW.${s}`;
  const toSource = op.toSource ?? `NEW.${t}`;
  const insert = op.twoWay
    ? `SET NEW.${t} = COALESCE(NEW.${t}, ${toTarget}), NEW.${s} = COALESCE(NEW.${s}, ${toSource})`
    : `SET NEW.${t} = ${toTarget}`;
  const update = op.twoWay
    ? `SET NEW.${t} = IF(NOT (NEW.${s} <=> OLD.${s}) AND (NEW.${t} <=> OLD.${t}), ${toTarget}, NEW.${t}), ` +
      `NEW.${s} = IF(NOT (NEW.${t} <=> OLD.${t}) AND (NEW.${s} <=> OLD.${s}), ${toSource}, NEW.${s})`
    : `SET NEW.${t} = IF(NOT (NEW.${s} <=> OLD.${s}), ${toTarget}, NEW.${t})`;
  return [
    `CREATE TRIGGER ${triggerName(op, "ins")} BEFORE INSERT ON ${table} FOR EACH ROW ${insert}`,
    `CREATE TRIGGER ${triggerName(op, "upd")} BEFORE UPDATE ON ${table} FOR EACH ROW ${update}`,
  ];
}

/**
 * Both triggers, in the reverse order of their creation.
 *
 * @example
 * ```ts
 * renderDropSyncTrigger(operations.dropSyncTrigger("t_a_b_sync", "t", { source: "a", target: "b", twoWay: false }));
 * // ["DROP TRIGGER `t_a_b_sync_upd`", "DROP TRIGGER `t_a_b_sync_ins`"]
 * ```
 */
export function renderDropSyncTrigger(op: OperationOf<"dropSyncTrigger">): string[] {
  return [`DROP TRIGGER ${triggerName(op, "upd")}`, `DROP TRIGGER ${triggerName(op, "ins")}`];
}
