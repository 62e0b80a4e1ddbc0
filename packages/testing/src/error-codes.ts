// The error codes only @athanor/testing raises, with their meaning (docs/errors.md lists them beside core's,
// scripts/error-catalogue.mjs) and their typed `meta`. Merged into core's registry below, so
// `new AthanorError(code, ...)` is checked against them wherever this package is compiled.

/** The codes @athanor/testing raises and what each means. Codes are permanent: never rename one. */
export const TESTING_ERROR_CODES = {
  ATHANOR_MIGRATION_TEST_FAILED:
    "A migration test of @athanor/testing failed (meta.check names which, meta.revision where).",
} as const;

declare module "@athanor/core/errors" {
  interface ErrorCodeRegistry extends Record<keyof typeof TESTING_ERROR_CODES, true> {}
  interface ErrorMetaByCode {
    ATHANOR_MIGRATION_TEST_FAILED: {
      readonly errorCode?: string | undefined;
      readonly check: string;
      readonly revision: string | null;
      readonly step: string | null;
      readonly differences: readonly { change: "added" | "removed" | "changed"; path: string[] }[];
    };
  }
}
