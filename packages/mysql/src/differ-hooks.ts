import type { DifferHooks } from "@athanor/core";
import { quoteIdent } from "./quote.js";
import { checksValuesFit } from "./render/values-fit.js";

/**
 * Column (and index) names compare without case on every MySQL and MariaDB server; table names
 * follow the file system (`lower_case_table_names`, 0 on Linux), so they are compared exactly.
 */
export const MYSQL_FOLDED_NAMES = { tables: false, columns: true } as const;

/**
 * MySQL's (and MariaDB's) decisions for autogenerate: a schema is the session's database,
 * AUTO_INCREMENT, foreign key indexes kept by the server; staged changes built online in place
 * (no split revision, no NOT VALID), kept in step by two triggers that convert on assignment (`render/sync-trigger.ts`).
 *
 * @example
 * ```ts
 * diffSchemas(desired, live, { hooks: mysqlDifferHooks, defaultSchema: "app" });
 * ```
 */
export const mysqlDifferHooks: DifferHooks = {
  name: "mysql",
  defaultSchema: undefined,
  schemasAreDatabases: true,
  namedTypes: false,
  placesColumns: true,
  renamesIndexes: true,
  foldsNameCase: MYSQL_FOLDED_NAMES,
  replacesIndexes: true,
  stringBackslashEscapes: true,
  quoteIdentifier: quoteIdent,
  indexNullsOrdering: false,
  indexStorageParameters: false,
  serverManagedForeignKeyIndexes: true,
  identityChange: "auto-increment",
  collationChange: "by-hand",
  columnDropKeepsIndexes: true,
  typeChangeCast: false,
  generatedChange: "in-place",
  enumValueOutsideTransaction: false,
  dependentsCheck: true,
  valuesFitCheck: checksValuesFit,
  staging: {
    onlineForms: false,
    assignmentConverts: true,
    notNullRecipe: "in-place",
    inPlaceRules: {
      renameColumn: "my/rename-column",
      renameTable: "my/rename-table",
      dropColumn: "my/drop-column",
      dropTable: "my/drop-table",
      addRequiredColumn: "my/add-required-column",
      typeChangeRewrite: "my/column-type-copy",
      addGeneratedColumn: "my/add-column-copy",
      generationChangeCopy: "my/column-generation-copy",
      foreignKeyCopy: "my/foreign-key-copy",
    },
  },
};
