import type { ErrorMetaByCode } from "./error-meta.js";

export type { ErrorMetaByCode } from "./error-meta.js";

/**
 * The codes core raises (the dialect contract's included: a dialect package raises
 * ATHANOR_UNSUPPORTED, ATHANOR_INVALID_IDENTIFIER, ATHANOR_CONNECTION_FAILED ... under core's
 * definition). Every failure athanor reports is an {@link AthanorError} with a stable `code`.
 * Codes are permanent: scripts match on them, so never rename one. A code only another package
 * raises is defined there (the CLI's in `athanor`, `@athanor/testing`'s there) and added to
 * {@link ErrorCodeRegistry}; docs/errors.md lists them all (scripts/error-catalogue.mjs).
 *
 * @example
 * ```ts
 * try { graph.resolve("ae") } catch (e) { if (isAthanorError(e) && e.code === "ATHANOR_AMBIGUOUS_PREFIX") ... }
 * ```
 */
export const ERROR_CODES = {
  // revision files
  ATHANOR_REVISION_FILE_INVALID:
    "A revision file could not be read: its header is malformed or not static, or its message holds a line break or control character.",
  ATHANOR_REVISION_ID_INVALID:
    "A revision id is empty, longer than 64 characters, reserved, or contains an illegal character (@ - + : or whitespace).",
  ATHANOR_DUPLICATE_REVISION:
    "Two revision files declare the same id, or ids that differ only in letter case or accents (a case-insensitive file system or collation, MariaDB's default, takes them for one).",
  ATHANOR_UNKNOWN_PARENT: "A revision names a parent or depends-on revision that no file declares.",
  ATHANOR_CYCLE: "The parents / depends-on edges form a cycle.",
  ATHANOR_SELF_LOOP: "A revision names itself as parent or dependency.",
  ATHANOR_DUPLICATE_BRANCH_LABEL:
    "Two revisions declare the same branch label, or a label clashes with an id.",
  ATHANOR_BRANCH_LABEL_INVALID:
    "A branch label is empty, reserved (head, heads, base, current) or contains @ : or whitespace.",
  ATHANOR_REVISION_LOAD_FAILED: "Importing a revision module failed (syntax error or it threw).",
  ATHANOR_REVISION_HEADER_MISMATCH:
    "A revision module's default export differs from the header read from its text.",
  ATHANOR_VERSIONS_DIR_NOT_FOUND: "The versions folder named by the config does not exist.",
  // targets
  ATHANOR_UNKNOWN_REVISION: "A target names no known revision, label or symbol.",
  ATHANOR_AMBIGUOUS_PREFIX: "An id prefix matches more than one revision.",
  ATHANOR_MULTIPLE_HEADS: "The target needs one head but the graph (or branch) has several.",
  ATHANOR_INVALID_TARGET: "A target expression is syntactically invalid.",
  ATHANOR_RELATIVE_OUT_OF_RANGE: "A relative target (+N/-N) walks past a base or head.",
  ATHANOR_AMBIGUOUS_WALK: "A relative walk reaches a branch or merge point where the way is not unique.",
  ATHANOR_NOT_IN_BRANCH: "label@rev names a revision that is not in that branch.",
  ATHANOR_INVALID_RANGE: "A start:end range is malformed or its ends are not ancestor and descendant.",
  ATHANOR_DUPLICATE_TARGET: "The same revision was named twice where a set of heads was expected.",
  // config
  ATHANOR_CONFIG_INVALID: "The config file failed to load or has invalid values.",
  ATHANOR_USAGE: "The command line is invalid.",
  ATHANOR_FILE_ACCESS:
    "A file or folder cannot be read or written: missing, a dangling symlink or symlink loop, permission denied (meta.file names it).",
  ATHANOR_DIALECT_UNKNOWN:
    "No dialect is registered under the name the config, a URL scheme or a caller asked for; the message lists the registered ones.",
  ATHANOR_PACKAGE_MISSING:
    "A package the config needs (a dialect package or a database driver) is not installed; the message gives the `npm i` line.",
  ATHANOR_INTERNAL: "An unexpected failure: a bug in athanor (rerun with ATHANOR_DEBUG=1 for the stack).",
  // database and runner
  ATHANOR_CONNECTION_FAILED: "The database could not be reached or refused the credentials.",
  ATHANOR_DATABASE_NOT_FOUND:
    "A command that only reads (current, status, check, history -i…) names a database that does not exist (a mistyped SQLite path): it creates none (meta.file names it).",
  ATHANOR_LOCK_TIMEOUT: "Another runner held the migration lock for longer than the timeout.",
  ATHANOR_LOCK_LOST:
    "The runner's lease on the migration lock expired or was taken over before a step, which was not applied.",
  ATHANOR_UNKNOWN_APPLIED_REVISION: "The version table names a revision that no file declares.",
  ATHANOR_CHECKSUM_MISMATCH: "An applied revision's file has changed since it was applied.",
  ATHANOR_MIGRATION_FAILED:
    "A revision failed while applying; the error names the revision, operation and SQL.",
  ATHANOR_TODO_PLACEHOLDER:
    "A revision to run still holds an unfilled TODO(athanor) placeholder (a backfill stub autogenerate wrote); nothing was run.",
  ATHANOR_PARTIAL_REVISION:
    "A previous run stopped part-way through a revision (committed statements, a backfill in progress); the message says which statements ran and the next command.",
  ATHANOR_RESUME_REFUSED:
    "A partial run cannot be resumed safely: the revision file changed since, athanor renders the statements that ran differently now (another athanor version; the message names the first differing statement both ways), the partial row is an older athanor's without a fingerprint and another version runs, it reads with op.query before the point where it stopped, or the run is in the other direction.",
  ATHANOR_INTERRUPTED:
    "The run was stopped by Ctrl-C or SIGTERM at a safe point; the current transaction was rolled back and the attempt recorded.",
  ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED:
    "A single-transaction run (--single-transaction, singleTransaction) was asked of a dialect whose DDL commits by itself (MySQL, MariaDB) or whose every statement does (Cloudflare D1); nothing was run.",
  ATHANOR_SINGLE_TRANSACTION_REFUSED:
    "A single-transaction run was refused before anything ran: a revision of the plan cannot run inside one transaction (transactional: false, a concurrent index build, a backfill that commits in batches, a new enum value used by later revisions, a COMMIT/ROLLBACK/BEGIN in op.execute, a partial run to resume); the message names it.",
  ATHANOR_IRREVERSIBLE_OPERATION: "An operation has no automatic inverse.",
  ATHANOR_BOOKKEEPING_DAMAGED:
    "The version or history table, or one of their columns, was dropped by hand; stamping the revisions again with a purge recreates what is missing (the message gives the command).",
  ATHANOR_VERSION_TABLE_CONFLICT: "A version-table update matched an unexpected number of rows.",
  ATHANOR_UNSUPPORTED: "The dialect does not support the requested operation or option.",
  ATHANOR_INTROSPECTION_FAILED: "Reading the database catalogue to build the schema model failed.",
  ATHANOR_STATEMENT_TOO_LARGE:
    "One statement is larger than the server takes in one round trip (MySQL/MariaDB max_allowed_packet; the message names the statement and the limit); nothing of its batch was sent. Split the statement, or raise the server's limit.",
  ATHANOR_LOCK_RETRIES_EXHAUSTED:
    "A statement kept timing out waiting for a table lock (lock_timeout / lock_wait_timeout) on every retry.",
  ATHANOR_INVALID_INDEX:
    "An invalid index left by an interrupted CREATE INDEX CONCURRENTLY is in the way; drop it and re-run.",
  ATHANOR_BROKEN_DEPENDENTS:
    "A revision would drop or rename a column that a view, trigger or routine outside the models still names (the message lists them); nothing of the revision was applied. Fix or drop them first, or run with --allow-broken-dependents.",
  ATHANOR_VALUES_DO_NOT_FIT:
    "A revision would move a column's values into a narrower type and some do not fit (the message names the rows); nothing of the revision was applied. Shorten or change those values, or widen the type in the models instead.",
  ATHANOR_BACKFILL_NO_PRIMARY_KEY:
    "A backfill targets a table without a primary key, so it cannot be walked in keyset batches.",
  ATHANOR_BACKFILL_FAILED:
    "A backfill batch failed; committed batches stay done and a re-run resumes from the saved cursor.",
  // fleets
  ATHANOR_FLEET_TARGET_INVALID:
    "A fleet target (tenant schema, database or name) is empty, named twice, or holds a control character; nothing ran.",
  ATHANOR_FLEET_TIMEOUT:
    "A fleet target's run passed the per-target timeout and was stopped: its running statement cancelled on the server, its open transaction rolled back; the message and meta say what was applied (nothingApplied only when verified).",
  ATHANOR_FLEET_NOT_EXPANDED:
    "Contract across a fleet was refused: some targets have not finished their expand and migrate revisions (the message lists them); nothing ran.",
  ATHANOR_FLEET_HALTED:
    "A fleet run stopped launching targets: the canary failed, a halt rule (failures or failure rate) tripped, or it was interrupted; the targets not launched are recorded as skipped.",
  // operations
  ATHANOR_INVALID_OPERATION:
    "An operation was built with missing or contradictory arguments (an empty name, no columns).",
  ATHANOR_INVALID_IDENTIFIER:
    'A name cannot be quoted for the dialect: too long, a NUL character, or — on MySQL/MariaDB and SQLite, which have no escaped form of a quoted name — a control character a terminal acts on (C0 but tab and line feed, DEL, C1); the message and `meta.name` show the name escaped, and nothing of the revision is applied. PostgreSQL writes such a name as `U&"…"` instead.',
} as const;

/**
 * Every error code, whichever package defines it: core's {@link ERROR_CODES}, and the codes a
 * package adds by merging its own list in, so `new AthanorError(code, ...)` and `e.code ===`
 * comparisons are checked against the whole set wherever that package is in the program.
 *
 * @example
 * ```ts
 * export const CLI_ERROR_CODES = { ATHANOR_USAGE_X: "..." } as const;
 * declare module "@athanor/core/errors" {
 *   interface ErrorCodeRegistry extends Record<keyof typeof CLI_ERROR_CODES, true> {}
 * }
 * ```
 */
export interface ErrorCodeRegistry extends Record<keyof typeof ERROR_CODES, true> {}

export type ErrorCode = keyof ErrorCodeRegistry;

/** JSON-safe details attached to an error; printed by `--json`. */
export type ErrorMeta = Readonly<Record<string, unknown>>;

/** The `meta` a code carries: its typed fields (error-meta.ts) and any further JSON-safe details. */
export type MetaOf<C extends ErrorCode> = C extends keyof ErrorMetaByCode
  ? ErrorMetaByCode[C] & ErrorMeta
  : ErrorMeta;

/** The constructor's arguments after the message: `meta` may be left out only when nothing in it is required. */
type MetaArguments<C extends ErrorCode> =
  Partial<MetaOf<C>> extends MetaOf<C>
    ? [meta?: MetaOf<C>, options?: { cause?: unknown }]
    : [meta: MetaOf<C>, options?: { cause?: unknown }];

const BRAND = Symbol.for("athanor.error");

/**
 * Base class of every athanor error. Check with {@link isAthanorError} and `code`,
 * never `instanceof` (two copies of core may be installed).
 */
export class AthanorError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly meta: MetaOf<C>;
  readonly [BRAND] = true;

  constructor(code: C, message: string, ...[meta, options]: MetaArguments<C>) {
    super(message, options);
    this.name = "AthanorError";
    this.code = code;
    this.meta = meta ?? ({} as MetaOf<C>);
  }

  /** A JSON-safe view: `{ code, message, meta }`. */
  toJSON(): { code: C; message: string; meta: MetaOf<C> } {
    return { code: this.code, message: this.message, meta: this.meta };
  }
}

/**
 * Any athanor error, as a union over codes: checking `code` narrows `meta` to that code's fields.
 *
 * @example
 * ```ts
 * if (isAthanorError(e) && e.code === "ATHANOR_MULTIPLE_HEADS") e.meta.heads; // readonly string[]
 * ```
 */
export type AnyAthanorError = { [C in ErrorCode]: AthanorError<C> }[ErrorCode];

/** True for any athanor error, from whichever copy of core created it. */
export function isAthanorError(value: unknown): value is AnyAthanorError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
