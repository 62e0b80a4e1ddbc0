// The error codes only @athanor/drizzle raises, with their meaning (docs/errors.md lists them beside core's,
// scripts/error-catalogue.mjs) and their typed `meta`. Merged into core's registry below, so
// `new AthanorError(code, ...)` is checked against them wherever this package is compiled.

/** The codes @athanor/drizzle raises and what each means. Codes are permanent: never rename one. */
export const DRIZZLE_ERROR_CODES = {
  ATHANOR_PROPERTY_NOT_COMPARED:
    "A warning, not a failure: a property of the Drizzle models that check and autogenerate do not compare (unknown to athanor, a build-time hint, or not kept by the server); it names the table, column or index, and property.",
  ATHANOR_SCHEMA_LOAD_FAILED: "A Drizzle schema module could not be found or imported.",
  ATHANOR_SCHEMA_INVALID:
    "A Drizzle schema cannot be read into the schema model (duplicate table, unsupported value).",
  ATHANOR_SCHEMA_OBJECT_UNSUPPORTED:
    "The Drizzle schema declares an object athanor does not manage (a role not marked `.existing()`, a materialized view's `using`/`tablespace`/`withNoData`, a policy on no exported table); the message names each one.",
  ATHANOR_DRIZZLE_KIT_FOLDER_INVALID:
    "A drizzle-kit migrations folder (journal, SQL file or snapshot) is missing or malformed.",
  ATHANOR_DRIZZLE_KIT_SQL_CHANGED:
    "A drizzle-kit migration's SQL differs from the hash recorded when it was imported or applied.",
} as const;

declare module "@athanor/core/errors" {
  interface ErrorCodeRegistry extends Record<keyof typeof DRIZZLE_ERROR_CODES, true> {}
  interface ErrorMetaByCode {
    ATHANOR_SCHEMA_LOAD_FAILED: {
      readonly path?: string;
      readonly paths?: readonly string[];
      readonly file?: string;
    };
    ATHANOR_SCHEMA_INVALID: {
      readonly value?: string;
      readonly dialect?: string;
      readonly got?: string;
      readonly column?: string;
      readonly table?: string;
      readonly expression?: string;
      readonly what?: string;
      readonly schema?: string;
      readonly name?: string;
      readonly found?: string;
    };
    ATHANOR_SCHEMA_OBJECT_UNSUPPORTED: {
      readonly objects: readonly string[];
    };
    ATHANOR_DRIZZLE_KIT_FOLDER_INVALID: {
      readonly file: string;
      /** The migration tag at fault, inert (control characters escaped). */
      readonly tag?: string;
      /** Its position in the journal. */
      readonly entry?: number;
      readonly hint?: string;
    };
    ATHANOR_DRIZZLE_KIT_SQL_CHANGED: {
      readonly tags: readonly string[];
      readonly files: readonly string[];
      readonly hint: string;
    };
  }
}
