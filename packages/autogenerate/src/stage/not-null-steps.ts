import { type NameInput, type Operation, operations, reverse } from "@athanor/core";
import { shortName } from "@athanor/core/text";
import { quoteName } from "../diff/raw-sql.js";
import type { StageContext } from "./stage-context.js";
import type { StageGroup, StageStep } from "./stage-types.js";

/** Where a column is and what it is, for the NOT NULL steps. */
export interface NotNullTarget {
  readonly table: NameInput;
  readonly tableName: string;
  readonly column: string;
  readonly type: string;
}

/**
 * Making an existing column NOT NULL in the contract phase, split so no lock is held while rows
 * are checked: `prepare` (its own revision, committed first) and `finish`.
 * The dialect's `notNullRecipe` decides. `validated-check` (PostgreSQL before 18):
 * `CHECK (col IS NOT NULL) NOT VALID` → `VALIDATE CONSTRAINT` (reads and writes go on) →
 * `SET NOT NULL` (skips its scan, the valid check proves it) → drop the check; where the hooks'
 * `notValidNotNull` says the server has it (PostgreSQL 18+): `addNotNull` with `notValid` →
 * `VALIDATE CONSTRAINT`. `in-place` (MySQL/MariaDB have no NOT VALID): a plain
 * MODIFY (an online rebuild) in `finish`.
 *
 * @example
 * ```ts
 * const { prepare, finish } = notNullGroups(ctx, { table: "users", tableName: "users", column: "tz", type: "text" }, 150004);
 * ```
 */
export function notNullGroups(
  ctx: StageContext,
  target: NotNullTarget,
  serverVersion: number | undefined,
): { prepare: StageGroup | undefined; finish: StageGroup } {
  const { table, column } = target;
  if (ctx.staging.notNullRecipe === "in-place") {
    const modify = operations.alterColumn(table, column, {
      nullable: false,
      existingNullable: true,
      existingType: target.type,
    });
    return { prepare: undefined, finish: operationGroup([modify]) };
  }
  const q = (n: string) => quoteName(ctx, n);
  if (ctx.staging.notValidNotNull?.(serverVersion) === true) {
    const name = shortName(`${target.tableName}_${column}_not_null`);
    return {
      prepare: operationGroup([operations.addNotNull(name, table, column, { notValid: true })]),
      finish: {
        up: [{ kind: "operation", operation: operations.validateConstraint(name, table) }],
        // A validated constraint cannot become NOT VALID again; the prepare revision's downgrade drops it.
        down: [],
      },
    };
  }
  const name = shortName(`${target.tableName}_${column}_check_not_null`);
  const expression = `${q(column)} IS NOT NULL`;
  const setNotNull = operations.alterColumn(table, column, {
    nullable: false,
    existingNullable: true,
    existingType: target.type,
  });
  const dropCheck = operations.dropConstraint(name, table, {
    existing: { type: "check", expression, notValid: true },
  });
  const finish = operationGroup([operations.validateConstraint(name, table), setNotNull, dropCheck]);
  return {
    prepare: operationGroup([operations.addCheck(name, table, expression, { notValid: true })]),
    // The downgrade re-adds the check as the prepare revision left it, NOT VALID: validating it
    // again would leave a trace ("downgrade leaves no trace" compares the validated flag).
    finish: {
      up: finish.up,
      down: finish.down.filter((s) => s.kind !== "operation" || s.operation.kind !== "validateConstraint"),
    },
  };
}

/**
 * Operations that undo each other plainly: `down` is each inverse, in reverse order.
 *
 * @example
 * ```ts
 * operationGroup([operations.addColumn("users", { name: "bio", type: "text" })]);
 * ```
 */
export function operationGroup(ops: readonly Operation[]): StageGroup {
  return {
    up: ops.map((operation): StageStep => ({ kind: "operation", operation })),
    down: [...ops].reverse().map((op): StageStep => ({ kind: "operation", operation: reverse(op) })),
  };
}
