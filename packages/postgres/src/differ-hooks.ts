import type { DifferHooks } from "@athanor/core";
import { printsBare, quoteIdent } from "./quote.js";
import { checksValuesFit } from "./render/values-fit.js";

/** PostgreSQL 18 adds NOT NULL constraints `NOT VALID` and validates them natively. */
const NATIVE_NOT_VALID_NOT_NULL = 180000;

/**
 * PostgreSQL's (and PGlite's) decisions for autogenerate: schemas, enum types and sequences of
 * their own, identity steps, `USING` casts; staged changes split into an online revision
 * (CONCURRENTLY, NOT VALID), kept in step by sync triggers (a plpgsql function, rendered by
 * `render/sync-trigger.ts`), NOT NULL through a validated check or, on 18+, a NOT VALID NOT NULL.
 *
 * @example
 * ```ts
 * diffSchemas(desired, live, { hooks: postgresDifferHooks });
 * ```
 */
export const postgresDifferHooks: DifferHooks = {
  name: "postgresql",
  defaultSchema: "public",
  schemasAreDatabases: false,
  namedTypes: true,
  quoteIdentifier: quoteIdent,
  // a renamed column in a generated expression, CHECK or index, as pg_get_expr prints it
  writesRenamedBare: printsBare,
  indexNullsOrdering: true,
  indexStorageParameters: true,
  serverManagedForeignKeyIndexes: false,
  identityChange: "identity",
  collationChange: "alter-type",
  typeChangeCast: true,
  generatedChange: "drop-expression",
  enumValueOutsideTransaction: true,
  dependentsCheck: true,
  valuesFitCheck: checksValuesFit,
  renamesInPlace: true,
  renamesIndexes: true,
  staging: {
    onlineForms: true,
    assignmentConverts: false,
    notNullRecipe: "validated-check",
    notValidNotNull: (serverVersion) => (serverVersion ?? 0) >= NATIVE_NOT_VALID_NOT_NULL,
    inPlaceRules: {
      renameColumn: "pg/rename-column",
      renameTable: "pg/rename-table",
      dropColumn: "pg/drop-column",
      dropTable: "pg/drop-table",
      addRequiredColumn: "pg/add-required-column",
      typeChangeRewrite: "pg/type-change-rewrite",
      addGeneratedColumn: "pg/add-stored-generated-column",
      addSerialColumn: "pg/volatile-default",
    },
  },
};
