import type { CreateIndex } from "../ops/operation.js";
import { operations } from "../ops/operations.js";
import { itemsTable } from "./case-fixtures.js";
import type { ConformanceCases, ConformanceContext } from "./conformance-types.js";

type SettingKinds = "alterIndexStorage" | "alterColumnIdentity" | "alterColumnCollation";

const items = (ctx: ConformanceContext, ...rest: string[]) => [ctx.table("items"), ...rest];
const nameIndex = (): CreateIndex => operations.createIndex("items_name_idx", "items", ["name"]);

/** Cases for a column's identity and collation and an index's storage parameters. */
export const SETTING_CASES: Pick<ConformanceCases, SettingKinds> = {
  alterIndexStorage: [
    {
      name: "a parameter set on a new index, reset by the inverse",
      requires: ["indexStorageParameters"],
      setup: (ctx) => [itemsTable(ctx), nameIndex()],
      op: () =>
        operations.alterIndexStorage(
          "items_name_idx",
          "items",
          { set: { fillfactor: "70" } },
          { existing: { fillfactor: null } },
        ),
      expect: (ctx) => [
        { change: "changed", path: items(ctx, 'index "items_name_idx"', "with"), after: ["fillfactor=70"] },
      ],
    },
  ],
  alterColumnIdentity: [
    {
      name: "a plain column becomes an identity column with options",
      requires: ["identityColumns"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () =>
        operations.alterColumnIdentity(
          "items",
          "id",
          { always: true, start: 100, increment: 5 },
          { existing: null },
        ),
      expect: (ctx) => [
        {
          change: "added",
          path: items(ctx, 'column "id"', "identity"),
          after: { generation: "always", sequence: { start: "100", increment: "5" } },
        },
      ],
    },
  ],
  alterColumnCollation: [
    {
      name: "to the C collation and back to the default",
      requires: ["columnCollations"],
      setup: (ctx) => [itemsTable(ctx)],
      op: (ctx) =>
        operations.alterColumnCollation("items", "name", ctx.types.varchar40.sql, "C", { existing: null }),
      expect: (ctx) => [{ change: "added", path: items(ctx, 'column "name"', "collation"), after: "C" }],
    },
  ],
};
