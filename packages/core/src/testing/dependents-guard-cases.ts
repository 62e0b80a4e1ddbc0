import { operations } from "../ops/operations.js";
import type { ConformanceCases, ConformanceContext } from "./conformance-types.js";

// Hostile names: quotes of both kinds and regex characters in the table and the column, so a
// renderer that splices a name into its SQL or its pattern instead of quoting it fails here.
const TABLE = `guard "it's" (a+b)`;
const COLUMN = `mail 'x"|.*`;

/** The table both checks read: a key and the hostile column. */
const guardedTable = (ctx: ConformanceContext) => [
  operations.createTable(TABLE, {
    columns: [
      { name: "id", type: ctx.types.integer.sql, nullable: false },
      { name: COLUMN, type: ctx.types.varchar40.sql },
    ],
    primaryKey: ["id"],
  }),
];

/** Cases for the checks a revision runs before it drops or renames columns, or narrows a type. */
export const DEPENDENTS_GUARD_CASES: Pick<ConformanceCases, "requireNoDependents" | "requireValuesFit"> = {
  requireNoDependents: [
    {
      name: "passes, changing nothing, when nothing outside the models names the columns (hostile names)",
      setup: guardedTable,
      op: () =>
        operations.requireNoDependents(TABLE, [COLUMN], {
          views: [`v "it's"`],
          syncTriggers: [`sync 'it"s`],
        }),
      expect: () => [],
      // a check: its inverse is itself, and the database is as it was either way
      reverse: "after",
    },
  ],
  requireValuesFit: [
    {
      name: "passes, changing nothing, when every value fits the narrower type (hostile names)",
      setup: guardedTable,
      op: (ctx) => operations.requireValuesFit(TABLE, COLUMN, ctx.types.varchar40.sql, { key: ["id"] }),
      expect: () => [],
      reverse: "after",
    },
  ],
};
