import type { CheckModel, ForeignKeyModel, PrimaryKeyModel, UniqueModel } from "@athanor/core";
import { AthanorError } from "@athanor/core";
import type { Column, SQL, Table } from "drizzle-orm";
import { columnNamer, defaultConstraintName, foreignKeyAction, recaseDefaultName } from "./naming.js";
import { type DrizzleCasing, type DrizzleDialect, renderSqlFragment } from "./sql-fragment.js";
import { runModelCallback } from "./user-callback.js";

/** The part of a pg-core / mysql-core `getTableConfig()` result the constraints come from. */
export interface ConstraintSource {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKeys: readonly { readonly columns: readonly Column[]; getName(): string | undefined }[];
  readonly uniqueConstraints: readonly {
    readonly columns: readonly Column[];
    readonly nullsNotDistinct?: boolean;
    getName(): string | undefined;
  }[];
  readonly foreignKeys: readonly {
    reference(): {
      readonly columns: readonly Column[];
      readonly foreignTable: Table;
      readonly foreignColumns: readonly Column[];
    };
    readonly onUpdate?: string | undefined;
    readonly onDelete?: string | undefined;
    getName(): string;
  }[];
  readonly checks: readonly { readonly name: string; readonly value: SQL }[];
}

/** How one dialect names things the user did not name. */
export interface ConstraintContext {
  readonly dialect: DrizzleDialect;
  readonly casing: DrizzleCasing | undefined;
  /** Name of a column-level primary key (`<table>_pkey` on PostgreSQL, `PRIMARY` on MySQL). */
  readonly inlinePrimaryKeyName: (table: string) => string;
  /** Schema and name of a referenced table. */
  readonly tableName: (table: Table) => { readonly schema: string; readonly name: string };
}

/** The table's constraints as the model holds them. */
export interface TableConstraints {
  readonly primaryKey: PrimaryKeyModel | null;
  readonly uniques: readonly UniqueModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  readonly checks: readonly CheckModel[];
}

function primaryKeyOf(source: ConstraintSource, ctx: ConstraintContext): PrimaryKeyModel | null {
  const nameOf = columnNamer(ctx.casing);
  const columnLevel = source.columns.filter((c) => c.primary);
  if (source.primaryKeys.length + Math.min(columnLevel.length, 1) > 1 || columnLevel.length > 1) {
    throw new AthanorError(
      "ATHANOR_SCHEMA_INVALID",
      `Table ${source.name} declares more than one primary key. Use one primaryKey({ columns: [...] }) for a composite key.`,
      { table: source.name },
    );
  }
  const composite = source.primaryKeys[0];
  if (composite !== undefined) {
    const columns = composite.columns.map(nameOf);
    const name = ctx.dialect === "mysql" ? "PRIMARY" : (composite.getName() ?? "");
    const uncased = defaultConstraintName(
      "pk",
      source.name,
      composite.columns.map((c) => c.name),
    );
    return {
      name: recaseDefaultName(name, uncased, defaultConstraintName("pk", source.name, columns)),
      columns,
    };
  }
  const column = columnLevel[0];
  return column === undefined
    ? null
    : { name: ctx.inlinePrimaryKeyName(source.name), columns: [nameOf(column)] };
}

function uniquesOf(source: ConstraintSource, ctx: ConstraintContext): UniqueModel[] {
  const nameOf = columnNamer(ctx.casing);
  const flags = { deferrable: false, initiallyDeferred: false };
  const named = (actual: string | undefined, raw: readonly Column[], columns: readonly string[]) =>
    recaseDefaultName(
      actual ?? "",
      defaultConstraintName(
        "unique",
        source.name,
        raw.map((c) => c.name),
      ),
      defaultConstraintName("unique", source.name, columns),
    );
  // Every column has a `uniqueName`, unique or not: `isUnique` is what says it is one.
  const columnLevel = source.columns
    .filter((c) => c.isUnique)
    .map(
      (c): UniqueModel => ({
        name: named(c.uniqueName, [c], [nameOf(c)]),
        columns: [nameOf(c)],
        nullsNotDistinct: c.uniqueType === "not distinct",
        ...flags,
      }),
    );
  const tableLevel = source.uniqueConstraints.map((u): UniqueModel => {
    const columns = u.columns.map(nameOf);
    return {
      name: named(u.getName(), u.columns, columns),
      columns,
      nullsNotDistinct: u.nullsNotDistinct ?? false,
      ...flags,
    };
  });
  return [...columnLevel, ...tableLevel];
}

function foreignKeysOf(source: ConstraintSource, ctx: ConstraintContext): ForeignKeyModel[] {
  const nameOf = columnNamer(ctx.casing);
  return source.foreignKeys.map((fk) => {
    const ref = runModelCallback(source.name, "a foreign key's `references(() => …)`", () => fk.reference());
    const target = ctx.tableName(ref.foreignTable);
    const columns = ref.columns.map(nameOf);
    const referencedColumns = ref.foreignColumns.map(nameOf);
    const raw = (cs: readonly Column[]) => cs.map((c) => c.name);
    const uncased = defaultConstraintName("fk", source.name, raw(ref.columns), {
      table: target.name,
      columns: raw(ref.foreignColumns),
    });
    const cased = defaultConstraintName("fk", source.name, columns, {
      table: target.name,
      columns: referencedColumns,
    });
    return {
      name: recaseDefaultName(fk.getName(), uncased, cased),
      columns,
      referencedSchema: target.schema,
      referencedTable: target.name,
      referencedColumns,
      onUpdate: foreignKeyAction(fk.onUpdate),
      onDelete: foreignKeyAction(fk.onDelete),
      match: "simple",
      deferrable: false,
      initiallyDeferred: false,
      validated: true,
    };
  });
}

/**
 * Primary key, unique constraints, foreign keys and checks of one table, with drizzle-kit's
 * names for the unnamed ones: `<table>_<cols>_pk`, `<table>_<col>_unique` (column-level
 * `.unique()` only when `isUnique`: drizzle fills `uniqueName` on every column),
 * `<table>_<cols>_<ftable>_<fcols>_fk`; unset referential actions are `no action`.
 *
 * @example
 * ```ts
 * tableConstraints(getTableConfig(posts), pgContext).foreignKeys[0].name; // "posts_author_id_users_id_fk"
 * ```
 */
export function tableConstraints(source: ConstraintSource, ctx: ConstraintContext): TableConstraints {
  return {
    primaryKey: primaryKeyOf(source, ctx),
    uniques: uniquesOf(source, ctx),
    foreignKeys: foreignKeysOf(source, ctx),
    checks: source.checks.map((c) => ({
      name: c.name,
      expression: renderSqlFragment(c.value, ctx.dialect, ctx.casing),
      validated: true,
    })),
  };
}
