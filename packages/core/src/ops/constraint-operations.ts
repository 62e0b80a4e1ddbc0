import type {
  CheckDefinition,
  IndexDefinition,
  NameInput,
  NotNullDefinition,
  UniqueDefinition,
} from "./definitions.js";
import {
  compact,
  deepFreeze,
  invalidOperation,
  qualifiedName,
  requireName,
  requireNames,
} from "./normalize.js";
import type {
  ConstraintDefinitionInput,
  ForeignKeyInput,
  IndexDefinitionInput,
  IndexKeyInput,
  ReplacedIndexInput,
} from "./normalize-definitions.js";
import {
  normalizeCheck,
  normalizeConstraint,
  normalizeForeignKey,
  normalizeIndexDefinition,
  normalizeNotNull,
  normalizeReplacedIndex,
  normalizeUnique,
} from "./normalize-definitions.js";
import type {
  AddCheck,
  AddForeignKey,
  AddNotNull,
  AddPrimaryKey,
  AddUnique,
  CreateIndex,
  DropConstraint,
  DropIndex,
  RenameConstraint,
  RenameIndex,
  ValidateConstraint,
} from "./operation.js";

/**
 * PostgreSQL's `ADD CONSTRAINT ... USING INDEX`: the constraint takes over a unique index built
 * beforehand (`createIndex(..., { unique: true, concurrently: true })`), so the ALTER holds its
 * lock only for a moment instead of for the whole index build.
 */
export interface UsingIndexOption {
  readonly usingIndex?: string;
}

function usingIndex(kind: string, options: UsingIndexOption): string | undefined {
  return options?.usingIndex === undefined ? undefined : requireName(kind, "usingIndex", options.usingIndex);
}

/**
 * The old index or unique key of the same name that `createIndex`/`addUnique` takes the place of
 * in one statement (MySQL/MariaDB) or one transaction: the table is never without it.
 */
export interface ReplacesOption {
  readonly replaces?: ReplacedIndexInput;
}

/** Options of `createIndex` besides its keys. */
export type CreateIndexOptions = Omit<IndexDefinition, "keys"> & {
  readonly concurrently?: boolean;
} & ReplacesOption;

/**
 * Factories for index and constraint operations; each returns frozen, normalised data.
 *
 * @example
 * ```ts
 * constraintOperations.addCheck("price_positive", "products", "price > 0", { notValid: true });
 * ```
 */
export const constraintOperations = {
  /** `op.createIndex("users_email_idx", "users", ["email", { expression: "lower(name)" }], { unique: true })` */
  createIndex(
    name: string,
    table: NameInput,
    keys: readonly IndexKeyInput[],
    options: CreateIndexOptions = {},
  ): CreateIndex {
    const kind = "createIndex";
    const { concurrently, replaces, ...definition } = options;
    // a concurrent build commits apart from the drop: the swap would not be one step
    if (concurrently === true && replaces !== undefined)
      throw invalidOperation(kind, "replaces cannot be combined with concurrently", {
        field: "options.replaces",
      });
    return deepFreeze(
      compact({
        kind,
        name: requireName(kind, "index name", name),
        table: qualifiedName(kind, "table", table),
        concurrently,
        ...normalizeIndexDefinition(kind, { ...definition, keys }),
        replaces: normalizeReplacedIndex(kind, replaces),
      }),
    );
  },
  /** `op.dropIndex("users_email_idx", "users", { concurrently: true, existing })` */
  dropIndex(
    name: string,
    table: NameInput,
    options: { readonly concurrently?: boolean; readonly existing?: IndexDefinitionInput } = {},
  ): DropIndex {
    const kind = "dropIndex";
    return deepFreeze(
      compact({
        kind,
        name: requireName(kind, "index name", name),
        table: qualifiedName(kind, "table", table),
        concurrently: options.concurrently,
        existing:
          options.existing === undefined ? undefined : normalizeIndexDefinition(kind, options.existing),
      }),
    );
  },
  /** `op.renameIndex("accounts", "users_email_idx", "accounts_email_idx")` — the index stays usable throughout. */
  renameIndex(table: NameInput, from: string, to: string): RenameIndex {
    const kind = "renameIndex";
    return deepFreeze({
      kind,
      table: qualifiedName(kind, "table", table),
      from: requireName(kind, "index name", from),
      to: requireName(kind, "new index name", to),
    });
  },
  /** `op.addPrimaryKey("users_pkey", "users", ["id"], { usingIndex: "users_pkey" })` */
  addPrimaryKey(
    name: string,
    table: NameInput,
    columns: readonly string[],
    options: UsingIndexOption = {},
  ): AddPrimaryKey {
    const kind = "addPrimaryKey";
    return deepFreeze(
      compact({
        kind,
        table: qualifiedName(kind, "table", table),
        name: requireName(kind, "constraint name", name),
        columns: requireNames(kind, "columns", columns),
        usingIndex: usingIndex(kind, options),
      }),
    );
  },
  /** `op.addUnique("users_email_key", "users", ["email"], { nullsNotDistinct: true })` */
  addUnique(
    name: string,
    table: NameInput,
    columns: readonly string[],
    options: Omit<UniqueDefinition, "columns"> & UsingIndexOption & ReplacesOption = {},
  ): AddUnique {
    const kind = "addUnique";
    const { usingIndex: _, replaces, ...definition } = options;
    if (options.usingIndex !== undefined && replaces !== undefined)
      throw invalidOperation(kind, "replaces cannot be combined with usingIndex", {
        field: "options.replaces",
      });
    return deepFreeze(
      compact({
        kind,
        table: qualifiedName(kind, "table", table),
        name: requireName(kind, "constraint name", name),
        ...normalizeUnique(kind, { ...definition, columns }),
        usingIndex: usingIndex(kind, options),
        replaces: normalizeReplacedIndex(kind, replaces),
      }),
    );
  },
  /** `op.addForeignKey("orders_user_fk", "orders", { columns: ["user_id"], references: { table: "users", columns: ["id"] }, notValid: true })` */
  addForeignKey(name: string, table: NameInput, definition: ForeignKeyInput): AddForeignKey {
    const kind = "addForeignKey";
    return deepFreeze({
      kind,
      table: qualifiedName(kind, "table", table),
      name: requireName(kind, "constraint name", name),
      ...normalizeForeignKey(kind, definition),
    });
  },
  /** `op.addCheck("price_positive", "products", "price > 0", { notValid: true })` */
  addCheck(
    name: string,
    table: NameInput,
    expression: string,
    options: Omit<CheckDefinition, "expression"> = {},
  ): AddCheck {
    const kind = "addCheck";
    return deepFreeze({
      kind,
      table: qualifiedName(kind, "table", table),
      name: requireName(kind, "constraint name", name),
      ...normalizeCheck(kind, { ...options, expression }),
    });
  },
  /** `op.dropConstraint("price_positive", "products", { existing: { type: "check", expression: "price > 0" } })` */
  dropConstraint(
    name: string,
    table: NameInput,
    options: { readonly existing?: ConstraintDefinitionInput } = {},
  ): DropConstraint {
    const kind = "dropConstraint";
    return deepFreeze(
      compact({
        kind,
        table: qualifiedName(kind, "table", table),
        name: requireName(kind, "constraint name", name),
        existing: options.existing === undefined ? undefined : normalizeConstraint(kind, options.existing),
      }),
    );
  },
  /** `op.renameConstraint("accounts", "users_pkey", "accounts_pkey")` — PostgreSQL renames the index behind a key too. */
  renameConstraint(table: NameInput, from: string, to: string): RenameConstraint {
    const kind = "renameConstraint";
    return deepFreeze({
      kind,
      table: qualifiedName(kind, "table", table),
      from: requireName(kind, "constraint name", from),
      to: requireName(kind, "new constraint name", to),
    });
  },
  /** `op.addNotNull("users_email_not_null", "users", "email", { notValid: true })` — PostgreSQL 18+. */
  addNotNull(
    name: string,
    table: NameInput,
    column: string,
    options: Omit<NotNullDefinition, "column"> = {},
  ): AddNotNull {
    const kind = "addNotNull";
    return deepFreeze({
      kind,
      table: qualifiedName(kind, "table", table),
      name: requireName(kind, "constraint name", name),
      ...normalizeNotNull(kind, { ...options, column }),
    });
  },
  /** `op.validateConstraint("orders_user_fk", "orders")` — after adding it with `notValid`. */
  validateConstraint(name: string, table: NameInput): ValidateConstraint {
    const kind = "validateConstraint";
    return deepFreeze({
      kind,
      table: qualifiedName(kind, "table", table),
      name: requireName(kind, "constraint name", name),
    });
  },
} as const;
