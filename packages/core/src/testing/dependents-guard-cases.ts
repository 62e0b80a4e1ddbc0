import { operations } from "../ops/operations.js";
import type { ConformanceCases } from "./conformance-types.js";

// Hostile names: quotes of both kinds and regex characters in the table and the column, so a
// renderer that splices a name into its SQL or its pattern instead of quoting it fails here.
const TABLE = `guard "it's" (a+b)`;
const COLUMN = `mail 'x"|.*`;

/** Cases for the check a revision runs before it drops or renames columns. */
export const DEPENDENTS_GUARD_CASES: Pick<ConformanceCases, "requireNoDependents"> = {
  requireNoDependents: [
    {
      name: "passes, changing nothing, when nothing outside the models names the columns (hostile names)",
      setup: (ctx) => [
        operations.createTable(TABLE, {
          columns: [
            { name: "id", type: ctx.types.integer.sql, nullable: false },
            { name: COLUMN, type: ctx.types.varchar40.sql },
          ],
          primaryKey: ["id"],
        }),
      ],
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
};
