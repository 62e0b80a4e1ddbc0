import { type EnumColumn, type EnumModel, type Operation, operations, type SchemaModel } from "@athanor/core";
import { type NameContext, nameOf } from "./model-to-input.js";

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
): Operation {
  return rebuildEnum(ctx, have, want, live, printed);
}
