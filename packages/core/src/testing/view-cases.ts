import type { CreatePolicy, CreateView, DropPolicy, DropView } from "../ops/operation.js";
import { operations } from "../ops/operations.js";
import { reverse } from "../ops/reverse.js";
import { itemsTable } from "./case-fixtures.js";
import type { ConformanceCases, ConformanceContext } from "./conformance-types.js";

type ViewKinds =
  | "createView"
  | "dropView"
  | "createPolicy"
  | "dropPolicy"
  | "enableRowLevelSecurity"
  | "disableRowLevelSecurity";

const itemNames = (materialized = false): CreateView =>
  operations.createView("item_names", "SELECT id, name FROM items WHERE qty > 0", { materialized });
const readPolicy = (): CreatePolicy =>
  operations.createPolicy("items_read", "items", { for: "select", using: "qty > 0" });
const policyPath = (ctx: ConformanceContext) => [ctx.table("items"), 'policy "items_read"'];

/** Cases for views, materialized views, row-level security and policies. */
export const VIEW_CASES: Pick<ConformanceCases, ViewKinds> = {
  createView: [
    {
      name: "a view over a table",
      requires: ["views"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () => itemNames(),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.view("item_names")],
          after: { name: "item_names", materialized: false },
        },
      ],
    },
    {
      name: "a materialized view",
      requires: ["materializedViews"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () => itemNames(true),
      expect: (ctx) => [
        {
          change: "added",
          path: [ctx.view("item_names")],
          after: { name: "item_names", materialized: true },
        },
      ],
    },
  ],
  dropView: [
    {
      name: "with its recorded definition",
      requires: ["views"],
      setup: (ctx) => [itemsTable(ctx), itemNames()],
      op: () => reverse(itemNames()) as DropView,
      expect: (ctx) => [{ change: "removed", path: [ctx.view("item_names")] }],
    },
  ],
  createPolicy: [
    {
      name: "a select policy with USING",
      requires: ["rowLevelSecurity"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () => readPolicy(),
      expect: (ctx) => [
        { change: "added", path: policyPath(ctx), after: { name: "items_read", command: "select" } },
      ],
    },
  ],
  dropPolicy: [
    {
      name: "with its recorded definition",
      requires: ["rowLevelSecurity"],
      setup: (ctx) => [itemsTable(ctx), readPolicy()],
      op: () => reverse(readPolicy()) as DropPolicy,
      expect: (ctx) => [{ change: "removed", path: policyPath(ctx) }],
    },
  ],
  enableRowLevelSecurity: [
    {
      name: "on a table",
      requires: ["rowLevelSecurity"],
      setup: (ctx) => [itemsTable(ctx)],
      op: () => operations.enableRowLevelSecurity("items"),
      expect: (ctx) => [{ change: "added", path: [ctx.table("items"), "rowLevelSecurity"], after: true }],
    },
  ],
  disableRowLevelSecurity: [
    {
      name: "on a table that has it",
      requires: ["rowLevelSecurity"],
      setup: (ctx) => [itemsTable(ctx), operations.enableRowLevelSecurity("items")],
      op: () => operations.disableRowLevelSecurity("items"),
      expect: (ctx) => [{ change: "removed", path: [ctx.table("items"), "rowLevelSecurity"] }],
    },
  ],
};
