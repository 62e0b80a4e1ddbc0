import type { DropTable } from "../ops/operation.js";
import { operations } from "../ops/operations.js";
import { reverse } from "../ops/reverse.js";
import { column, itemsModel, itemsTable, ownersTable } from "./case-fixtures.js";
import type { ConformanceCases } from "./conformance-types.js";

type TableKinds =
  | "createTable"
  | "dropTable"
  | "renameTable"
  | "addColumn"
  | "dropColumn"
  | "alterColumn"
  | "renameColumn"
  | "setTableComment"
  | "execute"
  | "bulkInsert";

/** Cases for table- and column-level operations and the raw escape hatches. */
export const TABLE_CASES: Pick<ConformanceCases, TableKinds> = {
  createTable: [
    {
      name: "columns, primary key, unique, foreign key and check",
      setup: (ctx) => [ownersTable(ctx)],
      op: (ctx) =>
        operations.createTable("items", {
          columns: [
            { name: "id", type: ctx.types.integer.sql, nullable: false },
            { name: "code", type: ctx.types.varchar40.sql, nullable: false },
            { name: "owner_id", type: ctx.types.integer.sql },
            { name: "qty", type: ctx.types.integer.sql, default: ctx.integerDefault.sql },
          ],
          primaryKey: ["id"],
          uniques: [{ name: "items_code_key", columns: ["code"] }],
          foreignKeys: [
            {
              name: "items_owner_fk",
              columns: ["owner_id"],
              references: { table: "owners", columns: ["id"] },
              onDelete: "cascade",
            },
          ],
          checks: [{ name: "items_qty_check", expression: ctx.check.sql }],
        }),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.table("items")],
          after: {
            columns: [
              column("id", ctx.types.integer.introspected, false),
              column("code", ctx.types.varchar40.introspected, false),
              column("owner_id", ctx.types.integer.introspected),
              { ...column("qty", ctx.types.integer.introspected), default: ctx.integerDefault.introspected },
            ],
            primaryKey: { columns: ["id"] },
            uniques: [{ name: "items_code_key", columns: ["code"] }],
            foreignKeys: [
              {
                name: "items_owner_fk",
                columns: ["owner_id"],
                referencedTable: "owners",
                referencedColumns: ["id"],
                onDelete: "cascade",
              },
            ],
            checks: [{ name: "items_qty_check", expression: ctx.check.introspected }],
          },
        },
      ],
    },
    {
      name: "in another schema, referencing a table in the default one",
      requires: ["schemas"],
      setup: (ctx) => [operations.createSchema("app space"), ownersTable(ctx)],
      op: (ctx) =>
        operations.createTable(
          { schema: "app space", name: "items" },
          {
            columns: [
              { name: "id", type: ctx.types.integer.sql, nullable: false },
              { name: "owner_id", type: ctx.types.integer.sql },
            ],
            primaryKey: ["id"],
            foreignKeys: [
              {
                name: "items_owner_fk",
                columns: ["owner_id"],
                references: { table: "owners", columns: ["id"] },
              },
            ],
          },
        ),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.table("items", "app space")],
          after: {
            schema: "app space",
            foreignKeys: [
              {
                name: "items_owner_fk",
                referencedSchema: ctx.defaultSchema,
                referencedTable: "owners",
                referencedColumns: ["id"],
              },
            ],
          },
        },
      ],
    },
    {
      name: "hostile identifiers: quotes, spaces, unicode, reserved words, longest name",
      op: (ctx) => {
        const long = "l".repeat(ctx.maxIdentifierLength);
        return operations.createTable('we"ird tablé', {
          columns: [
            { name: "select", type: ctx.types.integer.sql, nullable: false },
            { name: "Mixed Case", type: ctx.types.text.sql },
            { name: "ünï ✓ 'q'", type: ctx.types.text.sql },
            { name: long, type: ctx.types.integer.sql },
          ],
          primaryKey: { name: 'pk "select"', columns: ["select"] },
          uniques: [{ name: `u ${long}`.slice(0, ctx.maxIdentifierLength), columns: [long] }],
        });
      },
      expect: (ctx) => {
        const long = "l".repeat(ctx.maxIdentifierLength);
        return [
          {
            change: "added",
            path: [ctx.table('we"ird tablé')],
            after: {
              name: 'we"ird tablé',
              columns: [
                column("select", ctx.types.integer.introspected, false),
                column("Mixed Case", ctx.types.text.introspected),
                column("ünï ✓ 'q'", ctx.types.text.introspected),
                column(long, ctx.types.integer.introspected),
              ],
              uniques: [{ name: `u ${long}`.slice(0, ctx.maxIdentifierLength), columns: [long] }],
            },
          },
        ];
      },
    },
  ],
  dropTable: [
    {
      name: "with its recorded definition",
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) => reverse(itemsTable(ctx)) as DropTable,
      expect: (ctx) => [{ change: "removed", path: [ctx.table("items")], before: itemsModel(ctx) }],
    },
  ],
  renameTable: [
    {
      name: "in the same schema",
      setup: (ctx) => [itemsTable(ctx)],
      op: () => operations.renameTable("items", "goods"),
      expect: (ctx) => [
        { change: "removed", path: [ctx.table("items")] },
        { change: "added", path: [ctx.table("goods")], after: { ...itemsModel(ctx), name: "goods" } },
      ],
    },
  ],
  addColumn: [
    {
      name: "nullable with a default",
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) =>
        operations.addColumn("items", {
          name: "status",
          type: ctx.types.text.sql,
          default: ctx.textDefault.sql,
        }),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.table("items"), 'column "status"'],
          after: { ...column("status", ctx.types.text.introspected), default: ctx.textDefault.introspected },
        },
      ],
    },
    {
      name: "not null with a default",
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) =>
        operations.addColumn("items", {
          name: "flag",
          type: ctx.types.boolean.sql,
          nullable: false,
          default: "false",
        }),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.table("items"), 'column "flag"'],
          after: column("flag", ctx.types.boolean.introspected, false),
        },
      ],
    },
    {
      name: "identity, always",
      requires: ["identityColumns"],
      setup: (ctx) => [itemsTable(ctx, { primaryKey: false })],
      op: (ctx) =>
        operations.addColumn("items", {
          name: "serial_no",
          type: ctx.types.bigint.sql,
          nullable: false,
          identity: { always: true, start: 10 },
        }),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.table("items"), 'column "serial_no"'],
          after: {
            ...column("serial_no", ctx.types.bigint.introspected, false),
            default: null,
            identity: { generation: "always" },
          },
        },
      ],
    },
    {
      name: "generated, stored",
      requires: ["generatedColumns"],
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) =>
        operations.addColumn("items", {
          name: "double_qty",
          type: ctx.types.integer.sql,
          generated: { expression: ctx.generatedExpression.sql },
        }),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.table("items"), 'column "double_qty"'],
          after: {
            name: "double_qty",
            default: null,
            generated: { expression: ctx.generatedExpression.introspected, storage: "stored" },
          },
        },
      ],
    },
  ],
  dropColumn: [
    {
      name: "with its recorded definition",
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) => operations.dropColumn("items", "note", { existing: { type: ctx.types.text.sql } }),
      expect: (ctx) => [
        {
          change: "removed",
          path: [ctx.table("items"), 'column "note"'],
          before: column("note", ctx.types.text.introspected),
        },
      ],
    },
  ],
  alterColumn: [
    {
      name: "type",
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) =>
        operations.alterColumn("items", "qty", {
          type: ctx.types.bigint.sql,
          existingType: ctx.types.integer.sql,
        }),
      expect: (ctx) => [
        {
          change: "changed",
          path: [ctx.table("items"), 'column "qty"', "type"],
          before: ctx.types.integer.introspected,
          after: ctx.types.bigint.introspected,
        },
      ],
    },
    {
      name: "nullability",
      setup: (ctx) => [itemsTable(ctx)],
      op: () => operations.alterColumn("items", "qty", { nullable: false, existingNullable: true }),
      expect: (ctx) => [
        {
          change: "changed",
          path: [ctx.table("items"), 'column "qty"', "nullable"],
          before: true,
          after: false,
        },
      ],
    },
    {
      name: "default",
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) =>
        operations.alterColumn("items", "note", { default: ctx.textDefault.sql, existingDefault: null }),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.table("items"), 'column "note"', "default"],
          after: ctx.textDefault.introspected,
        },
      ],
    },
    {
      name: "comment",
      requires: ["columnComments"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () => operations.alterColumn("items", "note", { comment: 'it\'s a "note"', existingComment: null }),
      expect: (ctx) => [
        { change: "added", path: [ctx.table("items"), 'column "note"', "comment"], after: 'it\'s a "note"' },
      ],
    },
  ],
  renameColumn: [
    {
      name: "keeps its position",
      setup: (ctx) => [itemsTable(ctx)],
      op: () => operations.renameColumn("items", "qty", "quantity"),
      expect: (ctx) => [
        { change: "removed", path: [ctx.table("items"), 'column "qty"'] },
        {
          change: "added",
          path: [ctx.table("items"), 'column "quantity"'],
          after: column("quantity", ctx.types.integer.introspected),
        },
      ],
    },
  ],
  setTableComment: [
    {
      name: "set on a table without one",
      requires: ["tableComments"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () => operations.setTableComment("items", 'Things we sell; it\'s "fine"', { existing: null }),
      expect: (ctx) => [
        { change: "added", path: [ctx.table("items"), "comment"], after: 'Things we sell; it\'s "fine"' },
      ],
    },
  ],
  execute: [
    {
      name: "raw SQL with its down SQL",
      op: () => operations.execute("CREATE TABLE raw_items (id integer)", { down: "DROP TABLE raw_items" }),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.table("raw_items")],
          after: { columns: [column("id", ctx.types.integer.introspected)] },
        },
      ],
    },
  ],
  bulkInsert: [
    {
      name: "rows with quotes and nulls; the schema does not change",
      setup: (ctx) => [itemsTable(ctx)],
      op: () =>
        operations.bulkInsert("items", [
          { id: 1, name: "it's", qty: 3, note: null },
          { id: 2, name: 'say "hi"', qty: null, note: "ünï" },
        ]),
      expect: () => [],
      reverse: "irreversible",
      verify: async (conn) => {
        const { rows } = await conn.query<{ name: string }>("SELECT name FROM items ORDER BY id");
        if (rows.map((r) => r.name).join("|") !== `it's|say "hi"`)
          throw new Error(`bulkInsert wrote ${JSON.stringify(rows)}`);
      },
    },
  ],
};
