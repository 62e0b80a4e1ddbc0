// The error codes only the CLI raises, with their meaning (docs/errors.md lists them beside core's,
// scripts/error-catalogue.mjs) and their typed `meta`. Merged into core's registry below, so
// `new AthanorError(code, ...)` is checked against them wherever this package is compiled.

/** The codes the CLI raises and what each means. Codes are permanent: never rename one. */
export const CLI_ERROR_CODES = {
  ATHANOR_REVISION_CHANGED_DURING_RUN:
    "A revision file changed between its checksum check and its import; nothing of it ran.",
  ATHANOR_NOT_A_HEAD: "A new revision was asked to build on a revision that is not a head (use --splice).",
  ATHANOR_CONFIG_NOT_FOUND: "No athanor.config.ts (or .js/.mjs) was found.",
  ATHANOR_CONFIG_UNSAFE:
    "The config found is in a folder (or is a file) other users can write to; it is not run unless ATHANOR_ALLOW_UNSAFE_CONFIG=1.",
  ATHANOR_ALREADY_INITIALISED: "init refuses to overwrite an existing config or versions folder.",
  ATHANOR_FILE_EXISTS: "A file that would be written already exists.",
  ATHANOR_UNHANDLED_ERROR:
    "Code running inside athanor (a revision, the config, a driver) raised an error nothing awaited, or left the command waiting for a promise that never settles; the run was stopped.",
  ATHANOR_RANGE_NOT_ALLOWED: "A start:end range is only allowed with --sql.",
  ATHANOR_RENAME_UNDECIDED:
    "Autogenerate found a possible rename and cannot ask (no TTY); pass --rename or accept drop+add.",
  ATHANOR_NOT_UP_TO_DATE:
    "The database is not at the heads, so autogenerate would diff against an old schema.",
  ATHANOR_SCHEMA_DRIFT: "The models and the database disagree (athanor check).",
  ATHANOR_MIGRATION_DRIFT:
    "The live database differs from the schema its recorded revisions build (changed outside the migrations; `check --against migrations`).",
  ATHANOR_STAMP_MISMATCH:
    "`stamp --verify`: the database does not have the schema the revisions build up to the stamped revision; nothing was stamped.",
  ATHANOR_DEV_DATABASE_FAILED:
    "The dev database (devUrl), or a scratch database on the target server, could not be created or used: a missing privilege (named in the message), a dialect mismatch, or a connection failure.",
  ATHANOR_DEV_DATABASE_NOT_EMPTY:
    "The devUrl database holds tables or schemas; athanor empties it after each use, so it refuses one that is not empty to begin with.",
  ATHANOR_REPLAY_FAILED:
    "Replaying the revisions into a scratch database, to compare with the live one, failed.",
  ATHANOR_LINT_ERRORS:
    "upgrade refused: revisions it would run have lint errors (fix them, silence them with a reason, or pass --ignore-lint-errors); nothing was run.",
  ATHANOR_FLEET_ACCEPT_REFUSED:
    "`checksums accept --fleet` refused: a target could not be read, or does not have every named revision applied with a changed checksum (the message says which and why, per target); every target is checked before any is changed, so nothing was accepted anywhere.",
} as const;

declare module "@athanor/core/errors" {
  interface ErrorCodeRegistry extends Record<keyof typeof CLI_ERROR_CODES, true> {}
  interface ErrorMetaByCode {
    ATHANOR_REVISION_CHANGED_DURING_RUN: {
      readonly file: string;
      readonly expected: string;
      readonly actual: string;
    };
    ATHANOR_NOT_A_HEAD: {
      readonly revision?: string;
      readonly children?: readonly string[];
      readonly hint?: string;
      readonly revisions?: readonly string[];
      readonly heads?: readonly string[];
      readonly suggestions?: readonly string[];
    };
    ATHANOR_CONFIG_NOT_FOUND: {
      readonly file?: string;
      readonly cwd?: string;
      readonly projectRoot?: string;
      readonly hint?: string;
    };
    ATHANOR_CONFIG_UNSAFE: {
      readonly file: string;
      readonly path: string;
      readonly mode: string;
      readonly hint: string;
    };
    ATHANOR_ALREADY_INITIALISED: {
      readonly file: string;
      readonly hint: string;
    };
    ATHANOR_FILE_EXISTS: {
      readonly file: string;
    };
    ATHANOR_UNHANDLED_ERROR: {
      readonly name?: string;
      readonly exitCode?: string | number | null;
    };
    ATHANOR_RANGE_NOT_ALLOWED: {
      readonly target: string;
      readonly hint: string;
    };
    ATHANOR_RENAME_UNDECIDED: {
      readonly candidates: readonly {
        kind: "table" | "column";
        schema: string;
        table?: string | undefined;
        from: string;
        to: string;
        hint: string;
      }[];
      readonly hint: string;
    };
    ATHANOR_NOT_UP_TO_DATE: {
      readonly databaseHeads: readonly string[];
      readonly heads: readonly string[];
      readonly hint: string;
    };
    ATHANOR_SCHEMA_DRIFT: {
      readonly differences: readonly string[];
      readonly operations: readonly unknown[];
      readonly renameCandidates: readonly unknown[];
      readonly notCompared: readonly unknown[];
      readonly hint: string;
    };
    ATHANOR_MIGRATION_DRIFT: {
      readonly heads: readonly string[];
      readonly differences: readonly unknown[];
    };
    ATHANOR_STAMP_MISMATCH: {
      readonly requested: readonly string[];
      readonly heads: readonly string[];
      readonly differences: readonly unknown[];
      readonly hint: string;
    };
    ATHANOR_DEV_DATABASE_FAILED: {
      readonly dialect?: string;
      readonly database?: string;
      readonly privilege?: string | null;
      readonly hint: string;
    };
    ATHANOR_DEV_DATABASE_NOT_EMPTY: {
      readonly where: string;
      readonly objects: number;
    };
    ATHANOR_REPLAY_FAILED: {
      readonly heads: readonly string[];
    };
    ATHANOR_LINT_ERRORS: {
      readonly findings: readonly {
        ruleId: string;
        revision: string;
        file: string | null;
        message: string;
      }[];
      readonly hint: string;
    };
    ATHANOR_FLEET_ACCEPT_REFUSED: {
      /** The targets that refused, in the fleet's order. */
      readonly targets: readonly string[];
      /** Per refusing target: the error code when it could not be read, the revisions not changed there. */
      readonly problems: readonly {
        target: string;
        code: string | null;
        message: string;
        missing: readonly string[];
      }[];
      readonly count: number;
    };
  }
}
