// The error codes only @athanor/autogenerate raises, with their meaning (docs/errors.md lists them beside core's,
// scripts/error-catalogue.mjs) and their typed `meta`. Merged into core's registry below, so
// `new AthanorError(code, ...)` is checked against them wherever this package is compiled.

/** The codes @athanor/autogenerate raises and what each means. Codes are permanent: never rename one. */
export const AUTOGENERATE_ERROR_CODES = {
  ATHANOR_CANONICALIZE_FAILED:
    "Creating the desired schema in the scratch database, to read it back canonically, failed.",
  ATHANOR_RENAME_HINT_INVALID: "A --rename hint names a table or column that is not being dropped and added.",
} as const;

declare module "@athanor/core/errors" {
  interface ErrorCodeRegistry extends Record<keyof typeof AUTOGENERATE_ERROR_CODES, true> {}
  interface ErrorMetaByCode {
    ATHANOR_CANONICALIZE_FAILED: {
      readonly what?: string;
      readonly statementIndex?: number;
      readonly dialect?: string;
    };
    ATHANOR_RENAME_HINT_INVALID: {
      readonly hint: string;
      readonly reason: string;
    };
  }
}
