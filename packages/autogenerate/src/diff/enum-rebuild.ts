import { type EnumColumn, type EnumModel, type Operation, operations, type SchemaModel } from "@athanor/core";
import { createIndexOps, dropIndexOps } from "./index-ops.js";
import { checkOptions, type NameContext, nameOf } from "./model-to-input.js";

/** The columns of `live` typed with the enum `printed` (or an array of it), as `format_type` prints it. */
function usersOf(ctx: NameContext, live: SchemaModel, printed: string) {
  return live.tables.flatMap((t) =>
    t.columns
      .filter((c) => c.type === printed || c.type === `${printed}[]`)
      .map((c): Omit<EnumColumn, "table"> & { table: ReturnType<typeof nameOf> } => ({
        table: nameOf(ctx, t.schema, t.name),
        column: c.name,
        ...(c.type.endsWith("[]") ? { array: true as const } : {}),
        ...(c.default === null ? {} : { default: c.default }),
      })),
  );
}

/**
 * The enum rebuilt from `have`'s values to `want`'s (a value removed or the order changed):
 * `rebuildEnum`, whose inverse is the rebuild back; each direction first checks that no row
 * holds a value it drops.
 *
 * @example
 * ```ts
 * rebuildEnum(ctx, { ...mood, values: ["ok"] }, mood, live, "mood"); // op.rebuildEnum("mood", ["ok"], { existingValues, columns })
 * ```
 */
export function rebuildEnum(
  ctx: NameContext,
  want: EnumModel,
  have: EnumModel,
  live: SchemaModel,
  printed: string,
): Operation {
  return operations.rebuildEnum(nameOf(ctx, want.schema, want.name), want.values, {
    existingValues: have.values,
    columns: usersOf(ctx, live, printed),
  });
}

/**
 * The forward rebuild (a value removed, or the order changed) with the indexes and checks that
 * cast a literal to the enum dropped before it and made again after it, as
 * {@link removeEnumValues} does for the downgrade of added values: `rebuild` is the one that
 * may fail on rows, `operations` all of them in order. Their inverses, in reverse order, drop
 * them again around the rebuild back.
 *
 * @example
 * ```ts
 * const { rebuild, operations } = rebuildEnumUnderUsers(ctx, { ...mood, values: ["ok"] }, mood, live, "mood");
 * ```
 */
export function rebuildEnumUnderUsers(
  ctx: NameContext,
  want: EnumModel,
  have: EnumModel,
  live: SchemaModel,
  printed: string,
): { readonly rebuild: Operation; readonly operations: readonly Operation[] } {
  const around = literalUsersOf(ctx, live, printed);
  const rebuild = rebuildEnum(ctx, want, have, live, printed);
  return { rebuild, operations: [...around.drop, rebuild, ...around.create] };
}

/**
 * The downgrade of values added to an enum: PostgreSQL cannot drop an enum value, so the type
 * is rebuilt with `have`'s values, after a guard that fails clearly while rows hold an added one.
 *
 * @example
 * ```ts
 * removeEnumValues(ctx, { ...mood, values: ["ok", "meh"] }, mood, live, "mood"); // op.rebuildEnum back to mood's values
 * ```
 */
export function removeEnumValues(
  ctx: NameContext,
  want: EnumModel,
  have: EnumModel,
  live: SchemaModel,
  printed: string,
): Operation[] {
  const around = literalUsersOf(ctx, live, printed);
  return [...around.drop, rebuildEnum(ctx, have, want, live, printed), ...around.create];
}

/**
 * The indexes and checks of `live` that cast a literal to the enum (`WHERE mood <> 'sad'::mood`),
 * dropped before a rebuild and made again after it. Retyping a column makes PostgreSQL parse
 * them again, and their literal then names the type renamed aside: the downgrade of an added
 * value failed with `operator does not exist: mood <> mood__athanor_old`, part-way through a
 * revision that runs without a transaction. The downgrade restores `live`'s indexes and checks
 * before it rebuilds the type (it undoes the additions last), so these are the ones present; a
 * forward rebuild runs before any index or check changes (the `createEnums` phase), so there too.
 */
function literalUsersOf(
  ctx: NameContext,
  live: SchemaModel,
  printed: string,
): { drop: Operation[]; create: Operation[] } {
  const escaped = printed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const cast = new RegExp(`::${escaped}(?![\\w$"])`);
  const casts = (text: string | null) => text !== null && cast.test(text);
  const drop: Operation[] = [];
  const create: Operation[] = [];
  for (const t of live.tables) {
    const table = nameOf(ctx, t.schema, t.name);
    for (const index of t.indexes) {
      if (!casts(index.where) && !index.keys.some((k) => k.kind === "expression" && casts(k.expression)))
        continue;
      drop.push(...dropIndexOps(ctx, table, index));
      create.push(...createIndexOps(ctx, table, index));
    }
    for (const c of t.checks.filter((c) => casts(c.expression))) {
      drop.push(
        operations.dropConstraint(c.name, table, {
          existing: { type: "check", expression: c.expression, ...checkOptions(c) },
        }),
      );
      create.push(operations.addCheck(c.name, table, c.expression, checkOptions(c)));
    }
  }
  return { drop, create };
}
