import type { DropConstraint, DropIndex } from "../ops/operation.js";
import { operations } from "../ops/operations.js";
import { reverse } from "../ops/reverse.js";
import { itemsTable, itemsWithOwner, ownersTable } from "./case-fixtures.js";
import type { ConformanceCases, ConformanceContext } from "./conformance-types.js";

type ConstraintKinds =
  | "createIndex"
  | "dropIndex"
  | "renameIndex"
  | "addPrimaryKey"
  | "addUnique"
  | "addForeignKey"
  | "addCheck"
  | "addNotNull"
  | "dropConstraint"
  | "renameConstraint"
  | "validateConstraint";

const key = (column: string, order: "asc" | "desc" = "asc") => ({ kind: "column", column, order });
const items = (ctx: ConformanceContext, ...rest: string[]) => [ctx.table("items"), ...rest];
const qtyCheck = (ctx: ConformanceContext, notValid = false) =>
  operations.addCheck("items_qty_check", "items", ctx.check.sql, notValid ? { notValid } : {});
const ownerFk = (options: { deferrable?: boolean; initiallyDeferred?: boolean; notValid?: boolean } = {}) =>
  operations.addForeignKey("items_owner_fk", "items", {
    columns: ["owner_id"],
    references: { table: "owners", columns: ["id"] },
    onDelete: "set null",
    onUpdate: "cascade",
    ...options,
  });

/** Cases for indexes and table constraints. */
export const CONSTRAINT_CASES: Pick<ConformanceCases, ConstraintKinds> = {
  createIndex: [
    {
      name: "unique over two columns, one descending",
      setup: (ctx) => [itemsTable(ctx)],
      op: () =>
        operations.createIndex("items_name_qty_idx", "items", ["name", { column: "qty", order: "desc" }], {
          unique: true,
        }),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'index "items_name_qty_idx"'),
          after: { unique: true, keys: [key("name"), key("qty", "desc")], valid: true },
        },
      ],
    },
    {
      name: "on an expression",
      requires: ["expressionIndexes"],
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) =>
        operations.createIndex("items_lower_name_idx", "items", [{ expression: ctx.indexExpression.sql }]),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'index "items_lower_name_idx"'),
          after: {
            unique: false,
            keys: [{ kind: "expression", expression: ctx.indexExpression.introspected }],
          },
        },
      ],
    },
    {
      name: "partial",
      requires: ["partialIndexes"],
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) =>
        operations.createIndex("items_open_idx", "items", ["name"], { where: ctx.indexPredicate.sql }),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'index "items_open_idx"'),
          after: { keys: [key("name")], where: ctx.indexPredicate.introspected },
        },
      ],
    },
    {
      name: "with included columns",
      requires: ["indexInclude"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () =>
        operations.createIndex("items_name_incl_idx", "items", ["name"], { include: ["qty", "note"] }),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'index "items_name_incl_idx"'),
          after: { keys: [key("name")], include: ["qty", "note"] },
        },
      ],
    },
    {
      name: "unique with nulls not distinct",
      requires: ["nullsNotDistinct"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () =>
        operations.createIndex("items_note_idx", "items", ["note"], { unique: true, nullsNotDistinct: true }),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'index "items_note_idx"'),
          after: { unique: true, nullsNotDistinct: true },
        },
      ],
    },
  ],
  dropIndex: [
    {
      name: "with its recorded definition",
      setup: (ctx) => [itemsTable(ctx), operations.createIndex("items_name_idx", "items", ["name", "qty"])],
      op: () => reverse(operations.createIndex("items_name_idx", "items", ["name", "qty"])) as DropIndex,
      expect: (ctx) => [
        {
          change: "removed",
          path: items(ctx, 'index "items_name_idx"'),
          before: { keys: [key("name"), key("qty")] },
        },
      ],
    },
  ],
  renameIndex: [
    {
      name: "unique, descending key; the keys stay as they were",
      setup: (ctx) => [
        itemsTable(ctx),
        operations.createIndex("items_name_qty_idx", "items", ["name", { column: "qty", order: "desc" }], {
          unique: true,
        }),
      ],
      op: () => operations.renameIndex("items", "items_name_qty_idx", 'items "name" qty'),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'index "items ""name"" qty"'),
          after: { unique: true, keys: [key("name"), key("qty", "desc")] },
        },
        { change: "removed", path: items(ctx, 'index "items_name_qty_idx"') },
      ],
    },
    {
      name: "partial; the predicate stays",
      requires: ["partialIndexes"],
      setup: (ctx) => [
        itemsTable(ctx),
        operations.createIndex("items_open_idx", "items", ["name"], { where: ctx.indexPredicate.sql }),
      ],
      op: () => operations.renameIndex("items", "items_open_idx", "items_open_name_idx"),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'index "items_open_name_idx"'),
          after: { keys: [key("name")], where: ctx.indexPredicate.introspected },
        },
        { change: "removed", path: items(ctx, 'index "items_open_idx"') },
      ],
    },
  ],
  addPrimaryKey: [
    {
      name: "on a table without one",
      setup: (ctx) => [itemsTable(ctx, { primaryKey: false })],
      op: () => operations.addPrimaryKey("items_pk", "items", ["id"]),
      expect: (ctx) => [{ change: "added", path: items(ctx, "primaryKey"), after: { columns: ["id"] } }],
    },
  ],
  addUnique: [
    {
      name: "over two columns",
      setup: (ctx) => [itemsTable(ctx)],
      op: () => operations.addUnique("items_name_qty_key", "items", ["name", "qty"]),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'unique "items_name_qty_key"'),
          after: { columns: ["name", "qty"], nullsNotDistinct: false },
        },
      ],
    },
    {
      name: "nulls not distinct",
      requires: ["nullsNotDistinct"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () => operations.addUnique("items_note_key", "items", ["note"], { nullsNotDistinct: true }),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'unique "items_note_key"'),
          after: { columns: ["note"], nullsNotDistinct: true },
        },
      ],
    },
    {
      name: "deferrable initially deferred",
      requires: ["deferrableConstraints"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () =>
        operations.addUnique("items_name_key", "items", ["name"], {
          deferrable: true,
          initiallyDeferred: true,
        }),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'unique "items_name_key"'),
          after: { columns: ["name"], deferrable: true, initiallyDeferred: true },
        },
      ],
    },
  ],
  addForeignKey: [
    {
      name: "with actions",
      setup: (ctx) => [ownersTable(ctx), itemsWithOwner(ctx)],
      op: () => ownerFk(),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'foreign key "items_owner_fk"'),
          after: {
            columns: ["owner_id"],
            referencedSchema: ctx.defaultSchema,
            referencedTable: "owners",
            referencedColumns: ["id"],
            onDelete: "set null",
            onUpdate: "cascade",
            validated: true,
          },
        },
      ],
    },
    {
      name: "deferrable initially deferred",
      requires: ["deferrableConstraints"],
      setup: (ctx) => [ownersTable(ctx), itemsWithOwner(ctx)],
      op: () => ownerFk({ deferrable: true, initiallyDeferred: true }),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'foreign key "items_owner_fk"'),
          after: { deferrable: true, initiallyDeferred: true },
        },
      ],
    },
    {
      name: "not valid",
      requires: ["notValidConstraints"],
      setup: (ctx) => [ownersTable(ctx), itemsWithOwner(ctx)],
      op: () => ownerFk({ notValid: true }),
      expect: (ctx) => [
        { change: "added", path: items(ctx, 'foreign key "items_owner_fk"'), after: { validated: false } },
      ],
    },
  ],
  addCheck: [
    {
      name: "validated",
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) => qtyCheck(ctx),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'check "items_qty_check"'),
          after: { expression: ctx.check.introspected, validated: true },
        },
      ],
    },
    {
      name: "not valid",
      requires: ["notValidConstraints"],
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) => qtyCheck(ctx, true),
      expect: (ctx) => [
        { change: "added", path: items(ctx, 'check "items_qty_check"'), after: { validated: false } },
      ],
    },
  ],
  addNotNull: [
    {
      name: "added NOT VALID on a column holding no NULL, the inverse drops it",
      requires: ["notNullConstraints"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () => operations.addNotNull("items_note_not_null", "items", "note", { notValid: true }),
      expect: (ctx) => [
        { change: "changed", path: items(ctx, 'column "note"', "nullable"), before: true, after: false },
      ],
    },
  ],
  dropConstraint: [
    {
      name: "a check, with its recorded definition",
      setup: (ctx) => [itemsTable(ctx), qtyCheck(ctx)],
      op: (ctx) => reverse(qtyCheck(ctx)) as DropConstraint,
      expect: (ctx) => [{ change: "removed", path: items(ctx, 'check "items_qty_check"') }],
    },
    {
      name: "a foreign key, with its recorded definition",
      setup: (ctx) => [ownersTable(ctx), itemsWithOwner(ctx), ownerFk()],
      op: () => reverse(ownerFk()) as DropConstraint,
      expect: (ctx) => [{ change: "removed", path: items(ctx, 'foreign key "items_owner_fk"') }],
    },
  ],
  renameConstraint: [
    {
      name: "a check",
      requires: ["constraintRenames"],
      setup: (ctx) => [itemsTable(ctx), qtyCheck(ctx)],
      op: () => operations.renameConstraint("items", "items_qty_check", 'items "qty" positive'),
      expect: (ctx) => [
        { change: "added", path: items(ctx, 'check "items ""qty"" positive"') },
        { change: "removed", path: items(ctx, 'check "items_qty_check"') },
      ],
    },
    {
      name: "a unique constraint, with the index behind it",
      requires: ["constraintRenames"],
      setup: (ctx) => [itemsTable(ctx), operations.addUnique("items_name_key", "items", ["name"])],
      op: () => operations.renameConstraint("items", "items_name_key", "items_name_unique"),
      expect: (ctx) => [
        { change: "added", path: items(ctx, 'unique "items_name_unique"'), after: { columns: ["name"] } },
        { change: "removed", path: items(ctx, 'unique "items_name_key"') },
      ],
    },
  ],
  validateConstraint: [
    {
      name: "a not-valid check; validating cannot be undone, so the inverse is a no-op",
      requires: ["notValidConstraints"],
      setup: (ctx) => [itemsTable(ctx), qtyCheck(ctx, true)],
      op: () => operations.validateConstraint("items_qty_check", "items"),
      expect: (ctx) => [
        {
          change: "changed",
          path: items(ctx, 'check "items_qty_check"', "validated"),
          before: false,
          after: true,
        },
      ],
      reverse: "after",
    },
  ],
};
