import type { DifferHooks } from "@athanor/core";
import { isBareName, quoteIdent } from "./quote.js";

/** SQLite compares every name without ASCII case: `Users` and `users` are one table. */
export const SQLITE_FOLDED_NAMES = { tables: true, columns: true } as const;

/**
 * SQLite's decisions for the differ. One schema (`main`), no enum types or sequences, one NULL
 * ordering per direction, no index storage parameters; foreign keys inside CREATE TABLE in any
 * table order; AUTOINCREMENT is the column's identity,
 * set or removed with `alterColumn` (a rebuild); a type change has no `USING` (the rebuild
 * copies the value and the column's affinity converts it); a generated column changes in place
 * (a rebuild); a collation change is a note (the rebuild keeps the column's collation).
 *
 * @example
 * ```ts
 * sqliteDifferHooks.defaultSchema; // "main"
 * ```
 */
export const sqliteDifferHooks: DifferHooks = {
  name: "sqlite",
  defaultSchema: "main",
  schemasAreDatabases: false,
  namedTypes: false,
  quoteIdentifier: quoteIdent,
  // RENAME COLUMN writes a plain new name bare, and SQLite then writes it bare in stored SQL
  writesRenamedBare: isBareName,
  indexNullsOrdering: false,
  indexStorageParameters: false,
  // a key may name a table created later; adding one afterwards is a rebuild
  forwardForeignKeys: true,
  // unnamed keys read back without the models' names: equal ones take the desired name
  constraintNamesAreLabels: true,
  foldsNameCase: SQLITE_FOLDED_NAMES,
  // a table's changes consecutive: one rebuild of it per revision (render/rebuild-batch.ts)
  tableAtATime: true,
  serverManagedForeignKeyIndexes: false,
  identityChange: "auto-increment",
  collationChange: "by-hand",
  typeChangeCast: false,
  generatedChange: "in-place",
  enumValueOutsideTransaction: false,
  // No staging: one writer, and every change of a column is one transactional rebuild; the
  // recipes' sync triggers and backfills are PostgreSQL's and MySQL's (docs/sqlite.md).
  // What a plain revision trips of the running-code rules is silenced with this reason.
  unstaged: {
    inPlaceRules: {
      renameColumn: "sqlite/rename-column",
      renameTable: "sqlite/rename-table",
      dropColumn: "sqlite/drop-column",
      dropTable: "sqlite/drop-table",
      addRequiredColumn: "sqlite/add-required-column",
    },
    reason:
      "written in place: athanor writes no expand/contract recipe on SQLite (one writer, each revision holds the write lock until COMMIT; write expand and contract revisions by hand when old and new code run side by side, docs/sqlite.md)",
  },
};
