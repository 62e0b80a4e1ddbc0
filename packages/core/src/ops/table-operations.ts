import type {
  CheckDefinition,
  GeneratedSpec,
  Named,
  NameInput,
  PrimaryKeyDefinition,
  TableDefinition,
  UniqueDefinition,
} from "./definitions.js";
import {
  compact,
  deepFreeze,
  invalidOperation,
  qualifiedName,
  rejectUnknownKeys,
  requireName,
  requireNames,
} from "./normalize.js";
import type { ColumnDefinitionInput, ColumnInput, ForeignKeyInput } from "./normalize-definitions.js";
import {
  normalizeCheck,
  normalizeColumn,
  normalizeColumnDefinition,
  normalizeForeignKey,
  normalizeGenerated,
  normalizeUnique,
} from "./normalize-definitions.js";
import type {
  AddColumn,
  AlterColumn,
  ColumnPosition,
  CreateTable,
  DropColumn,
  DropTable,
  RenameColumn,
  RenameTable,
  SetTableComment,
} from "./operation.js";

/**
 * A table definition as `createTable` accepts it: `primaryKey` may be a plain column list.
 *
 * @example
 * ```ts
 * const users: TableInput = { columns: [{ name: "id", type: "bigint", identity: { always: true } }], primaryKey: ["id"] };
 * ```
 */
export interface TableInput {
  readonly columns: readonly ColumnInput[];
  readonly primaryKey?: readonly string[] | Named<PrimaryKeyDefinition>;
  readonly uniques?: readonly Named<UniqueDefinition>[];
  readonly foreignKeys?: readonly Named<ForeignKeyInput>[];
  readonly checks?: readonly Named<CheckDefinition>[];
  readonly comment?: string;
}

/** The changes `alterColumn` accepts; see {@link AlterColumn} for each field. */
export type AlterColumnInput = Omit<AlterColumn, "kind" | "table" | "column">;

function withName<T extends object>(
  kind: string,
  input: { readonly name?: string },
  body: T,
): T & { name?: string } {
  return input.name === undefined
    ? body
    : { name: requireName(kind, "constraint name", input.name), ...body };
}

function isColumnList(value: readonly string[] | Named<PrimaryKeyDefinition>): value is readonly string[] {
  return Array.isArray(value);
}

function normalizeTable(kind: string, input: TableInput): TableDefinition {
  if (!Array.isArray(input?.columns)) throw invalidOperation(kind, "columns must be a list", {});
  const columns = input.columns.map((c) => normalizeColumn(kind, c));
  const names = requireNames(
    kind,
    "column names",
    columns.map((c) => c.name),
    true,
  );
  const pkInput = input.primaryKey;
  const pk: Named<PrimaryKeyDefinition> | undefined =
    pkInput === undefined ? undefined : isColumnList(pkInput) ? { columns: pkInput } : pkInput;
  const pkColumns = pk === undefined ? undefined : requireNames(kind, "primary key columns", pk.columns);
  const unknown = pkColumns?.find((c) => !names.includes(c));
  if (unknown !== undefined)
    throw invalidOperation(kind, `primary key column "${unknown}" is not among the columns`, {
      column: unknown,
    });
  return compact({
    columns,
    primaryKey:
      pk === undefined || pkColumns === undefined ? undefined : withName(kind, pk, { columns: pkColumns }),
    uniques: input.uniques?.map((u) => withName(kind, u, normalizeUnique(kind, u))),
    foreignKeys: input.foreignKeys?.map((f) => withName(kind, f, normalizeForeignKey(kind, f))),
    checks: input.checks?.map((c) => withName(kind, c, normalizeCheck(kind, c))),
    comment: input.comment,
  });
}

function nullableText(
  kind: string,
  what: string,
  value: string | null | undefined,
): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== "string")
    throw invalidOperation(kind, `${what} must be a string or null`, { field: what });
  return value;
}

/**
 * Factories for table and column operations; each returns frozen, normalised data.
 *
 * @example
 * ```ts
 * tableOperations.renameColumn("users", "mail", "email");
 * ```
 */
export const tableOperations = {
  /** `op.createTable("users", { columns: [...], primaryKey: ["id"] })` */
  createTable(table: NameInput, definition: TableInput): CreateTable {
    const kind = "createTable";
    return deepFreeze({
      kind,
      table: qualifiedName(kind, "table", table),
      ...normalizeTable(kind, definition),
    });
  },
  /** `op.dropTable("users", { existing })`; without `existing` the drop cannot be reversed. */
  dropTable(table: NameInput, options: { readonly existing?: TableInput } = {}): DropTable {
    const kind = "dropTable";
    const existing = options.existing === undefined ? undefined : normalizeTable(kind, options.existing);
    return deepFreeze(compact({ kind, table: qualifiedName(kind, "table", table), existing }));
  },
  /** `op.renameTable("users", "accounts")` — the table stays in its schema. */
  renameTable(table: NameInput, to: string): RenameTable {
    const kind = "renameTable";
    return deepFreeze({
      kind,
      table: qualifiedName(kind, "table", table),
      to: requireName(kind, "new table name", to),
    });
  },
  /**
   * `op.addColumn("users", { name: "timezone", type: "text", default: "'UTC'" })`; a third
   * argument places it (MySQL): `{ after: "email" }` or `{ first: true }`.
   */
  addColumn(table: NameInput, column: ColumnInput, position?: ColumnPosition): AddColumn {
    const kind = "addColumn";
    return deepFreeze(
      compact({
        kind,
        table: qualifiedName(kind, "table", table),
        column: normalizeColumn(kind, column),
        position: position === undefined ? undefined : normalizePosition(kind, position),
      }),
    );
  },
  /**
   * `op.dropColumn("users", "timezone", { existing: { type: "text" } })`; with
   * `existingPosition: { after: "email" }` (MySQL/MariaDB) the downgrade re-adds it there.
   */
  dropColumn(
    table: NameInput,
    column: string,
    options: { readonly existing?: ColumnDefinitionInput; readonly existingPosition?: ColumnPosition } = {},
  ): DropColumn {
    const kind = "dropColumn";
    const name = requireName(kind, "column name", column);
    const existing =
      options.existing === undefined ? undefined : normalizeColumnDefinition(kind, name, options.existing);
    const existingPosition =
      options.existingPosition === undefined ? undefined : normalizePosition(kind, options.existingPosition);
    return deepFreeze(
      compact({ kind, table: qualifiedName(kind, "table", table), column: name, existing, existingPosition }),
    );
  },
  /** `op.alterColumn("orders", "amount", { type: "numeric(12,2)", using: "amount::numeric", existingType: "text" })` */
  alterColumn(table: NameInput, column: string, changes: AlterColumnInput): AlterColumn {
    const kind = "alterColumn";
    const name = requireName(kind, "column name", column);
    const c = changes ?? {};
    if (
      c.type === undefined &&
      c.nullable === undefined &&
      c.default === undefined &&
      c.comment === undefined &&
      c.onUpdate === undefined &&
      c.generated === undefined &&
      c.autoIncrement === undefined
    ) {
      throw invalidOperation(
        kind,
        `nothing to change on column "${name}" (give type, nullable, default, comment, onUpdate, generated or autoIncrement)`,
        { column: name },
      );
    }
    if (c.type === undefined && (c.using !== undefined || c.reverseUsing !== undefined)) {
      throw invalidOperation(kind, "using/reverseUsing need a new type", { column: name });
    }
    const optionalText = (what: string, v: string | undefined) =>
      v === undefined ? undefined : requireName(kind, what, v);
    return deepFreeze(
      compact({
        kind,
        table: qualifiedName(kind, "table", table),
        column: name,
        type: optionalText("type", c.type),
        using: optionalText("using", c.using),
        nullable: c.nullable,
        default: c.default === null ? null : optionalText("default", c.default),
        comment: nullableText(kind, "comment", c.comment),
        existingType: optionalText("existingType", c.existingType),
        reverseUsing: optionalText("reverseUsing", c.reverseUsing),
        existingNullable: c.existingNullable,
        existingDefault:
          c.existingDefault === null ? null : optionalText("existingDefault", c.existingDefault),
        existingComment: nullableText(kind, "existingComment", c.existingComment),
        onUpdate: c.onUpdate === null ? null : optionalText("onUpdate", c.onUpdate),
        existingOnUpdate:
          c.existingOnUpdate === null ? null : optionalText("existingOnUpdate", c.existingOnUpdate),
        generated: optionalGenerated(name, c.generated),
        existingGenerated: optionalGenerated(name, c.existingGenerated),
        autoIncrement: optionalFlag(name, "autoIncrement", c.autoIncrement),
        existingAutoIncrement: optionalFlag(name, "existingAutoIncrement", c.existingAutoIncrement),
      }),
    );
  },
  /** `op.renameColumn("users", "mail", "email")` */
  renameColumn(table: NameInput, from: string, to: string): RenameColumn {
    const kind = "renameColumn";
    return deepFreeze({
      kind,
      table: qualifiedName(kind, "table", table),
      from: requireName(kind, "column name", from),
      to: requireName(kind, "new column name", to),
    });
  },
  /** `op.setTableComment("users", "people who log in", { existing: null })`; `null` removes it. */
  setTableComment(
    table: NameInput,
    comment: string | null,
    options: { readonly existing?: string | null } = {},
  ): SetTableComment {
    const kind = "setTableComment";
    return deepFreeze(
      compact({
        kind,
        table: qualifiedName(kind, "table", table),
        comment: nullableText(kind, "comment", comment) ?? null,
        existingComment: nullableText(kind, "existing comment", options.existing),
      }),
    );
  },
} as const;

function optionalGenerated(
  column: string,
  spec: GeneratedSpec | null | undefined,
): GeneratedSpec | null | undefined {
  return spec === undefined || spec === null ? spec : normalizeGenerated("alterColumn", column, spec);
}

function optionalFlag(column: string, what: string, value: boolean | undefined): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean")
    throw invalidOperation("alterColumn", `${what} of "${column}" must be true or false`, { column });
  return value;
}

/** `{ first: true }` or `{ after: "<column>" }`, nothing else. */
function normalizePosition(kind: string, position: ColumnPosition): ColumnPosition {
  rejectUnknownKeys(kind, "the column position", position, ["first", "after"]);
  const p = position as { readonly first?: unknown; readonly after?: unknown };
  if (p.first === true && p.after === undefined) return { first: true };
  if (p.first === undefined && p.after !== undefined)
    return { after: requireName(kind, "column to add after", p.after) };
  throw invalidOperation(kind, 'the column position is { first: true } or { after: "<column>" }', {});
}
