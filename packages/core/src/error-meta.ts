// The typed `meta` of each error code: the fields a script can rely on when it matches the code
// (`isAthanorError(e) && e.code === "ATHANOR_MULTIPLE_HEADS"` → `e.meta.heads`). A field marked
// `?` is present only where the error arises in some ways; any error may carry further
// JSON-safe details beside these. A code missing here carries untyped details (`ErrorMeta`).
// Add or widen an entry with the code's raise sites: the constructor checks them against it.

/** The typed `meta` fields per error code. */
export interface ErrorMetaByCode {
  ATHANOR_AMBIGUOUS_PREFIX: {
    readonly target: string;
    readonly prefix: string;
    readonly matches: readonly string[];
  };
  ATHANOR_AMBIGUOUS_WALK: {
    readonly target: string;
    readonly at?: string;
    readonly branches?: readonly string[];
    readonly candidates: readonly string[];
    readonly current?: readonly string[];
  };
  ATHANOR_BACKFILL_FAILED: {
    readonly table: string;
    readonly revision?: string;
    readonly rowsDone?: number;
    readonly batches?: number;
    readonly cursor?: readonly string[] | null;
    readonly databaseError?: Record<string, unknown>;
  };
  ATHANOR_BACKFILL_NO_PRIMARY_KEY: {
    readonly table: string;
  };
  ATHANOR_BOOKKEEPING_DAMAGED: {
    readonly heads: readonly string[] | null;
    readonly hint: string;
    readonly missingTables: readonly string[];
    readonly missingColumns: Readonly<Record<string, readonly string[]>>;
  };
  ATHANOR_CHECKSUM_MISMATCH: {
    readonly mismatches: readonly { revision: string; recorded: string; current: string }[];
  };
  ATHANOR_CONFIG_INVALID: {
    readonly file?: string;
    readonly field?: string;
    readonly hint?: string;
    readonly folder?: string;
    readonly key?: string;
    readonly value?: string | null;
    readonly scheme?: string | null;
    readonly missing?: readonly string[];
    readonly check?: string;
    readonly checks?: readonly unknown[];
    /** A version table name too long for the server: the derived names past its limit. */
    readonly tooLong?: readonly { readonly name: string; readonly length: number }[];
    /** The server's limit on a name, in {@link unit}s, and the longest version table name within it. */
    readonly limit?: number;
    readonly unit?: "bytes" | "characters";
    readonly longestFit?: number;
  };
  ATHANOR_CONNECTION_FAILED: {
    readonly dialect?: string;
    readonly url?: string | null;
    readonly hint?: string;
    readonly range?: string;
    readonly during?: string;
    readonly driverCode?: string | null;
    readonly errno?: number | null;
    readonly causeCode?: unknown;
    readonly problem?: string;
    readonly host?: string;
    readonly port?: number;
    readonly database?: string;
    readonly user?: string;
    readonly causeMessage?: string;
    readonly dataDir?: string | null;
  };
  ATHANOR_DATABASE_NOT_FOUND: {
    readonly dialect: string;
    readonly file: string;
    readonly driver: string;
    readonly hint: string;
  };
  ATHANOR_DIALECT_UNKNOWN: {
    /** The name asked for (config `dialect`, a module). */
    readonly dialect?: string;
    /** The URL scheme no dialect registered (`null`: the URL has none). */
    readonly scheme?: string | null;
    readonly field?: string;
    /** The registered names (or the families the Drizzle reader knows). */
    readonly known?: readonly string[];
    readonly file?: string;
  };
  ATHANOR_DUPLICATE_REVISION: {
    readonly files: readonly string[];
    readonly id: string;
    readonly otherId: string | null;
    readonly fields: readonly string[];
  };
  ATHANOR_DUPLICATE_TARGET: {
    readonly targets: readonly string[];
    readonly duplicate?: string;
    readonly revision?: string;
  };
  ATHANOR_FILE_ACCESS: {
    readonly file: string;
    readonly action: string;
    readonly errno: string;
  };
  ATHANOR_FLEET_HALTED: {
    readonly reason: "canary" | "halt-after" | "halt-rate" | "aborted";
    readonly failed: number;
    readonly finished: number;
    readonly skipped: number;
  };
  ATHANOR_FLEET_NOT_EXPANDED: {
    readonly targets: readonly string[];
    readonly count: number;
  };
  ATHANOR_FLEET_TARGET_INVALID: {
    /** The offending name, JSON-quoted so control characters stay inert. */
    readonly target: string;
    readonly problem: "empty" | "control character" | "duplicate" | "unknown fleet" | "query";
  };
  ATHANOR_FLEET_TIMEOUT: {
    readonly target: string;
    readonly timeoutMs: number;
  };
  ATHANOR_INTERRUPTED: {
    readonly table?: string;
    readonly revision?: string;
    readonly rowsDone?: number;
    readonly batches?: number;
    readonly signal?: string;
    readonly direction?: string;
    readonly outcome?: string;
  };
  ATHANOR_INTROSPECTION_FAILED: {
    readonly dialect?: string;
    readonly sql?: string;
    readonly what?: string;
  };
  ATHANOR_BROKEN_DEPENDENTS: {
    readonly revision: string;
    readonly direction: string;
    /** The objects the database named, one `kind schema.name` each. */
    readonly dependents: readonly string[];
  };
  ATHANOR_VALUES_DO_NOT_FIT: {
    readonly revision: string;
    readonly direction: string;
    /** Up to five offending rows as the database named them (`id=3`, or the value itself). */
    readonly rows: readonly string[];
  };
  ATHANOR_INVALID_IDENTIFIER: {
    readonly name: string;
    readonly dialect: string;
  };
  ATHANOR_INVALID_INDEX: {
    readonly revision: string;
    readonly schema: string;
    readonly table: string;
    readonly index: string;
    readonly definition: string;
    readonly fix: string;
  };
  ATHANOR_INVALID_OPERATION: {
    readonly kind?: string;
    readonly revision?: string;
    readonly dialect?: string;
    readonly collation?: string;
  };
  ATHANOR_INVALID_RANGE: {
    readonly range: string;
    readonly start?: string | null;
    readonly end?: string | null;
    readonly notAncestors?: readonly string[];
    readonly direction?: string;
  };
  ATHANOR_INVALID_TARGET: {
    readonly target?: string | readonly string[];
    readonly matches?: readonly string[];
    readonly suggestions?: readonly string[];
    readonly targets?: readonly string[];
    readonly hint?: string;
    readonly notApplied?: readonly string[];
    readonly current?: readonly string[];
  };
  ATHANOR_LOCK_RETRIES_EXHAUSTED: {
    readonly retries: number;
    readonly table: string;
    readonly revision: string;
    readonly rowsDone: number;
    readonly batches: number;
    readonly cursor: readonly string[] | null;
    readonly databaseError: Record<string, unknown>;
  };
  ATHANOR_LOCK_TIMEOUT: {
    readonly file?: string;
    readonly holder?: unknown;
    readonly timeoutMs?: number;
    readonly key?: string;
    readonly lockName?: string;
    readonly lockId?: string;
  };
  ATHANOR_MIGRATION_FAILED: {
    readonly revision: string;
    readonly direction?: string;
    readonly operationKind?: string;
    readonly offline?: boolean;
  };
  ATHANOR_STATEMENT_TOO_LARGE: {
    /** The statement's size in bytes (UTF-8) and the server's limit on one round trip. */
    readonly bytes: number;
    readonly maxAllowedPacket: number;
    /** Which statement of the script sent (the driver's); a run's failure names the revision's. */
    readonly statementIndex?: number;
    readonly revision?: string;
    readonly direction?: string;
  };
  ATHANOR_MULTIPLE_HEADS: {
    readonly heads: readonly string[];
    readonly hint?: string;
    readonly candidates?: readonly string[];
    readonly target?: string;
    readonly suggestions?: readonly string[];
  };
  ATHANOR_NOT_IN_BRANCH: {
    readonly target: string;
    readonly revision: string;
    readonly branch: string;
  };
  ATHANOR_PACKAGE_MISSING: {
    readonly package: string;
    readonly install: string;
  };
  ATHANOR_PARTIAL_REVISION: {
    readonly revision: string;
    readonly direction: string;
    readonly statementIndex: number;
    readonly statementsDone: number;
    readonly note: string | null;
    readonly resume: string | null;
    readonly hint: string;
  };
  ATHANOR_RELATIVE_OUT_OF_RANGE: {
    readonly target: string;
    readonly steps: number;
    readonly taken: number;
    readonly at: string;
  };
  ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED: {
    readonly dialect: string;
    readonly hint: string;
  };
  ATHANOR_SINGLE_TRANSACTION_REFUSED: {
    readonly revision?: string;
    readonly direction?: string;
    readonly reason: string;
    readonly operationIndex?: number;
    readonly hint: string;
  };
  ATHANOR_RESUME_REFUSED: {
    readonly revision: string;
    readonly statementIndex?: number;
    readonly resumeFrom?: number;
    readonly direction?: string;
    readonly hint?: string;
    readonly target?: readonly string[];
  };
  ATHANOR_REVISION_FILE_INVALID: {
    readonly file?: string;
    readonly line?: number;
    readonly column?: number;
    readonly index?: number;
  };
  ATHANOR_REVISION_HEADER_MISMATCH: {
    readonly file: string;
    readonly revision: string;
    readonly fields: readonly string[];
  };
  ATHANOR_REVISION_ID_INVALID: {
    readonly id: string;
  };
  ATHANOR_REVISION_LOAD_FAILED: {
    readonly revision: string;
    readonly file?: string;
  };
  ATHANOR_TODO_PLACEHOLDER: {
    readonly direction: string;
    readonly placeholders: readonly { revision: string; file: string | null; line: number | null }[];
    readonly hint: string;
  };
  ATHANOR_UNKNOWN_APPLIED_REVISION: {
    readonly revision?: string;
    readonly current?: readonly string[];
    readonly hint?: string;
    readonly unknown?: readonly string[];
    readonly heads?: readonly string[];
    readonly table?: string;
  };
  ATHANOR_UNKNOWN_REVISION: {
    readonly target?: string;
    readonly token?: string;
    readonly revision?: string;
  };
  ATHANOR_UNSUPPORTED: {
    readonly where?: string;
    readonly option?: string;
    readonly value?: string;
    readonly schemas?: readonly string[];
    readonly table?: string;
    readonly revision?: string;
    readonly dialect?: string;
    readonly kind?: string;
    readonly what?: string;
    readonly serverVersion?: string;
    readonly column?: string;
    readonly feature?: string;
  };
  ATHANOR_USAGE: {
    readonly message?: string;
    readonly option?: string;
    readonly value?: string;
    readonly hint?: string;
    readonly source?: string;
    readonly range?: string | null;
    readonly revRange?: string;
    readonly missing?: readonly string[];
    readonly mismatches?: readonly string[];
    readonly direction?: string;
  };
  ATHANOR_VERSIONS_DIR_NOT_FOUND: {
    readonly dir: string;
  };
  ATHANOR_VERSION_TABLE_CONFLICT: {
    readonly current?: readonly string[];
    readonly duplicate?: string;
    readonly rows?: readonly string[];
    readonly transition?: unknown;
    readonly notHeads?: readonly string[];
    readonly expected?: readonly string[];
    readonly actual?: readonly string[];
  };
}
