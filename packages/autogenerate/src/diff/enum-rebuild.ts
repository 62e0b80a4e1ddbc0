import { type EnumModel, type Operation, operations, type SchemaModel } from "@athanor/core";
import type { NameContext } from "./model-to-input.js";
import { alterColumnSql, quoteName, quoteQualifiedName, quoteText } from "./raw-sql.js";

/** The columns of `live` typed with the enum `printed` (or an array of it), as `format_type` prints it. */
function usersOf(live: SchemaModel, printed: string) {
  return live.tables.flatMap((t) =>
    t.columns
      .filter((c) => c.type === printed || c.type === `${printed}[]`)
      .map((c) => ({ schema: t.schema, table: t.name, column: c })),
  );
}

/**
 * The script that rebuilds enum `e` with `values`, casting every column of `users` through
 * text. It starts with a guard: when a row still holds a value the new type drops, a
 * `DO` block raises a clear error before anything has changed.
 */
function rebuildScript(
  ctx: NameContext,
  e: EnumModel,
  values: readonly string[],
  dropped: readonly string[],
  users: ReturnType<typeof usersOf>,
): string {
  const type = quoteQualifiedName(ctx, e.schema, e.name);
  const old = quoteQualifiedName(ctx, e.schema, `${e.name}__athanor_old`);
  const lines: string[] = [];
  if (dropped.length > 0) {
    for (const u of users) {
      const column = quoteName(ctx, u.column.name);
      const list = dropped.map(quoteText).join(", ");
      const holds = u.column.type.endsWith("[]")
        ? `${column}::text[] && ARRAY[${list}]::text[]`
        : `${column}::text IN (${list})`;
      const message = `enum ${e.name} loses ${dropped.join(", ")}, but rows of ${u.table}.${u.column.name} still hold it; update or delete them first. Nothing was changed.`;
      lines.push(
        `DO $athanor$ BEGIN IF EXISTS (SELECT 1 FROM ${quoteQualifiedName(ctx, u.schema, u.table)} WHERE ${holds}) THEN RAISE EXCEPTION USING MESSAGE = ${quoteText(message)}, ERRCODE = 'check_violation'; END IF; END $athanor$`,
      );
    }
  }
  lines.push(
    `ALTER TYPE ${type} RENAME TO ${quoteName(ctx, `${e.name}__athanor_old`)}`,
    `CREATE TYPE ${type} AS ENUM (${values.map(quoteText).join(", ")})`,
  );
  for (const u of users) {
    const alter = (clause: string) => alterColumnSql(ctx, u.schema, u.table, u.column.name, clause);
    const array = u.column.type.endsWith("[]") ? "[]" : "";
    if (u.column.default !== null) lines.push(alter("DROP DEFAULT"));
    lines.push(
      alter(`TYPE ${type}${array} USING ${quoteName(ctx, u.column.name)}::text${array}::${type}${array}`),
    );
    if (u.column.default !== null) lines.push(alter(`SET DEFAULT ${u.column.default}`));
  }
  lines.push(`DROP TYPE ${old}`);
  return `${lines.join(";\n")};`;
}

const without = (values: readonly string[], kept: readonly string[]) =>
  values.filter((v) => !kept.includes(v));

/**
 * The enum rebuilt from `have`'s values to `want`'s (a value removed or the order changed), and
 * back in the downgrade; each direction first checks that no row holds a value it drops.
 *
 * @example
 * ```ts
 * rebuildEnum(ctx, { ...mood, values: ["ok"] }, mood, live); // execute(guard + rebuild, { down: ... })
 * ```
 */
export function rebuildEnum(
  ctx: NameContext,
  want: EnumModel,
  have: EnumModel,
  live: SchemaModel,
  printed: string,
): Operation {
  const users = usersOf(live, printed);
  return operations.execute(rebuildScript(ctx, want, want.values, without(have.values, want.values), users), {
    down: rebuildScript(ctx, want, have.values, without(want.values, have.values), users),
  });
}

/**
 * The downgrade of values added to an enum: PostgreSQL cannot drop an enum value, so the type
 * is rebuilt with `have`'s values, after a guard that fails clearly while rows hold an added one.
 *
 * @example
 * ```ts
 * removeEnumValues(ctx, { ...mood, values: ["ok", "meh"] }, mood, live); // execute(guard + rebuild)
 * ```
 */
export function removeEnumValues(
  ctx: NameContext,
  want: EnumModel,
  have: EnumModel,
  live: SchemaModel,
  printed: string,
): Operation {
  const users = usersOf(live, printed);
  return operations.execute(rebuildScript(ctx, want, have.values, without(want.values, have.values), users));
}
