import type { CreatePrivilege } from "@athanor/core/dialect";
import { AthanorError, isAthanorError } from "@athanor/core/errors";

/** Which server a scratch database was being created on, for the message. */
export interface ScratchPlace {
  readonly dialect: string;
  /** `PostgreSQL at db:5432` — never a password. */
  readonly server: string;
  readonly database: string;
  /** The dialect module's `scratch.createPrivilege`. */
  readonly privilege: CreatePrivilege;
}

const HOW_TO_SET =
  "Set a dev database instead: `devUrl` in the config, ATHANOR_DEV_URL, or --dev-url, naming an empty database athanor may fill and empty (a local container, or a database of its own on the same server)";

// The driver's own code, wherever the driver or athanor's wrapping put it.
function driverCode(error: unknown, codes: readonly (string | number)[]): string | number | undefined {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 4; depth++) {
    const meta = e.meta as Record<string, unknown> | undefined;
    for (const value of [e.code, e.errno, meta?.causeCode, meta?.errno, meta?.driverCode]) {
      if (codes.includes(value as string | number)) return value as string | number;
    }
    e = e.cause as Record<string, unknown> | undefined;
  }
  return undefined;
}

/**
 * The error for a scratch database that could not be created on the target server: names the
 * missing privilege when the server said so, and how to set a dev database. Never blames the
 * models, never "internal".
 *
 * @example
 * ```ts
 * throw scratchCreateFailed({ dialect: "postgresql", server: "PostgreSQL at db:5432", database: "athanor_scratch_1a", privilege: module.scratch.createPrivilege }, error);
 * ```
 */
export function scratchCreateFailed(place: ScratchPlace, cause: unknown): AthanorError {
  const denied = driverCode(cause, place.privilege.deniedCodes) !== undefined;
  const reason = isAthanorError(cause) || cause instanceof Error ? cause.message : String(cause);
  return new AthanorError(
    "ATHANOR_DEV_DATABASE_FAILED",
    `athanor needs an empty scratch database to read the models and replay revisions, and creating ${place.database} on ${place.server} failed${denied ? `: ${place.privilege.missing}` : ""} (${reason}). Nothing was changed. ${HOW_TO_SET}.`,
    {
      dialect: place.dialect,
      database: place.database,
      privilege: denied ? place.privilege.name : null,
      hint: "set devUrl (config), ATHANOR_DEV_URL or --dev-url",
    },
    { cause },
  );
}

/**
 * The devUrl database holds objects: athanor empties it after use, so it refuses to start on a
 * database that may be someone's data.
 *
 * @example
 * ```ts
 * throw devDatabaseNotEmpty("PostgreSQL at localhost:5432/dev", 3);
 * ```
 */
export function devDatabaseNotEmpty(where: string, objects: number): AthanorError {
  return new AthanorError(
    "ATHANOR_DEV_DATABASE_NOT_EMPTY",
    `The dev database ${where} is not empty (${objects} table(s), view(s), type(s), function(s) or schema(s)). athanor builds in it and empties it afterwards, so it must start empty: point devUrl at a database of its own, or empty this one. Nothing was changed.`,
    { where, objects },
  );
}

/**
 * A devUrl of the wrong kind for the target (a `mysql://` dev database for PostgreSQL) or one
 * that cannot be reached.
 *
 * @example
 * ```ts
 * throw devUrlInvalid("a mysql:// URL cannot be the dev database of a PostgreSQL target");
 * ```
 */
export function devUrlInvalid(problem: string, cause?: unknown): AthanorError {
  return new AthanorError(
    "ATHANOR_DEV_DATABASE_FAILED",
    `The dev database (devUrl) cannot be used: ${problem}. Nothing was changed.`,
    {
      hint: "set devUrl (config), ATHANOR_DEV_URL or --dev-url to an empty database of the target's kind, or `pglite` for an in-memory PGlite (PostgreSQL only)",
    },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * The dev database could not be emptied after use (a role that does not own its schemas). Said
 * with a code and what to do; when the work itself had failed, its error stays the answer and
 * this is added to its message, so neither is lost.
 *
 * @example
 * ```ts
 * throw devDatabaseNotEmptied("PostgreSQL at localhost:5432/dev", error, replayError);
 * ```
 */
export function devDatabaseNotEmptied(where: string, cause: unknown, earlier: unknown): unknown {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const text = `Emptying the dev database ${where} after use failed (${reason}): athanor drops the schemas or tables it built there, so its role must own them — make the role the database's owner, or empty the database by hand before the next run.`;
  if (isAthanorError(earlier))
    return new AthanorError(earlier.code, `${earlier.message} ${text}`, earlier.meta, { cause: earlier });
  if (earlier !== undefined) return earlier;
  return new AthanorError(
    "ATHANOR_DEV_DATABASE_FAILED",
    text,
    { where, during: "emptying", hint: "make the dev database's role its owner, or empty it by hand" },
    { cause },
  );
}
