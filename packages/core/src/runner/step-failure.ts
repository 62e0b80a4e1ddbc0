import type { Connection, ScriptNow } from "../dialect/connection.js";
import type { Dialect } from "../dialect/dialect.js";
import { isAthanorError } from "../errors.js";
import type { PlanStep } from "../plan/plan.js";
import { nextStep } from "../text/next-step.js";
import type { StepError } from "./runner-result.js";
import { OperationRenderError, type ScriptStatement } from "./step-script.js";

/** A database error tied, when the driver could tell, to the statement that raised it. */
export class ScriptFailure extends Error {
  constructor(
    readonly statement: ScriptStatement | undefined,
    readonly index: number | undefined,
    readonly original: unknown,
    /** The driver inferred `statement` (Connection.executeScript's `statementIndexUnsure`). */
    readonly unsure = false,
  ) {
    super((original as Error)?.message ?? String(original), { cause: original });
  }

  /** The driver refused the whole batch before sending any of it (ATHANOR_STATEMENT_TOO_LARGE). */
  get nothingSent(): boolean {
    return isAthanorError(this.original) && this.original.code === "ATHANOR_STATEMENT_TOO_LARGE";
  }
}

/** Sends statements in one round trip; a failure names the statement when the driver can tell. */
export async function executeStatements(
  conn: Connection,
  statements: readonly ScriptStatement[],
  log?: (sql: string) => void,
): Promise<void> {
  const sqls = statements.map((s) => s.sql);
  if (log !== undefined) for (const sql of sqls) log(sql);
  try {
    await conn.executeScript(sqls);
  } catch (error) {
    throw scriptFailure(statements, error);
  }
}

/**
 * {@link executeStatements} on a driver that runs a script now (Connection.executeScriptNow):
 * undefined once every statement ran, else the promise of the same failure.
 */
export function executeStatementsNow(
  conn: Connection & { executeScriptNow: ScriptNow },
  statements: readonly ScriptStatement[],
  log?: (sql: string) => void,
): Promise<never> | undefined {
  const sqls = statements.map((s) => s.sql);
  if (log !== undefined) for (const sql of sqls) log(sql);
  return conn.executeScriptNow(sqls)?.catch((error: unknown) => {
    throw scriptFailure(statements, error);
  });
}

/** A driver's error for a batch, tied to the statement it names (or, for one statement, that one). */
function scriptFailure(statements: readonly ScriptStatement[], error: unknown): ScriptFailure {
  const { statementIndex: reported, statementIndexUnsure } = error as {
    statementIndex?: unknown;
    statementIndexUnsure?: unknown;
  };
  const index = typeof reported === "number" ? reported : statements.length === 1 ? 0 : undefined;
  return new ScriptFailure(
    index === undefined ? undefined : statements[index],
    index,
    error,
    index !== undefined && statements.length > 1 && statementIndexUnsure === true,
  );
}

/**
 * The driver could not say which statement of a batch failed (PostgreSQL reports a position
 * only for parse errors), or only inferred it (a position into an expression the server parsed
 * again). Everything was rolled back, so replay the statements one by one in a transaction that
 * is rolled back too: a little extra work on the failure path only, for an error that names the
 * statement. When no statement fails again, the driver's answer stands.
 */
export async function locateFailure(
  conn: Connection,
  dialect: Dialect,
  statements: readonly ScriptStatement[],
  failure: ScriptFailure,
): Promise<ScriptFailure> {
  const replay = statements.filter(
    (s) =>
      s.role !== "begin" &&
      s.role !== "commit" &&
      s.role !== "progress" &&
      s.role !== "guard" &&
      s.role !== "fence",
  );
  try {
    await conn.executeScript([dialect.beginTransaction]);
    for (const [index, statement] of replay.entries()) {
      try {
        await conn.executeScript([statement.sql]);
      } catch (error) {
        return new ScriptFailure(statement, index, error);
      }
    }
    return failure;
  } catch {
    return failure;
  } finally {
    await conn.executeScript([dialect.rollbackTransaction]).catch(() => undefined);
  }
}

/**
 * What a failed attempt left, as the runner verified it after rolling back:
 * - `nothing`: no statement of it is committed (rolled back, and no progress record);
 * - `partial`: the progress record says how many statements are committed;
 * - `unknown`: the connection was gone, so nothing could be checked;
 * - `version-recorded`: the database rolled the step's transaction back (a transaction guard
 *   failed), yet the version table, read back, shows the step: its version row was committed
 *   outside that transaction, so the database is marked as past the step while what it holds of
 *   the step is not verified.
 */
export type Aftermath =
  | { readonly kind: "nothing" }
  | { readonly kind: "partial"; readonly statementsDone: number; readonly story: string }
  | { readonly kind: "unknown" }
  | { readonly kind: "version-recorded" };

// The guard saw the transaction gone, yet the version row of the step is there: say exactly that,
// and that the next run will take the step as done.
function versionRecordedStory(step: PlanStep): string {
  const shows = step.direction === "upgrade" ? "applied" : "reverted";
  return `Yet the version table, read back after the rollback, shows this ${step.direction} as ${shows}: its version row was committed outside the rolled-back transaction (a statement that ran on its own after the abort), so the database is marked as past revision ${step.revision} while the revision's own statements in that transaction were rolled back. What of it the database holds is not verified, and the next run will take the step as done. Compare the schema with the migrations; if the revision's changes are missing, record the database where it was before this step (${nextStep({ kind: "stamp" })}) and run ${nextStep({ kind: "run", direction: step.direction })} again.`;
}

/** The failure of one step as the result set carries it. */
export function describeFailure(step: PlanStep, error: unknown, aftermath: Aftermath): StepError {
  const outcome =
    aftermath.kind === "nothing"
      ? "Nothing of it was applied: its transaction was rolled back and no statement of it is recorded as committed."
      : aftermath.kind === "partial"
        ? aftermath.story
        : aftermath.kind === "version-recorded"
          ? versionRecordedStory(step)
          : `The connection to the database was lost, so athanor could not check what was committed: ${nextStep({ kind: "read-recorded-state" })}.`;
  const interrupted = isAthanorError(error) && error.code === "ATHANOR_INTERRUPTED";
  const head = interrupted ? "was interrupted" : "failed";
  const again =
    interrupted && aftermath.kind === "nothing"
      ? ` Run \`${nextStep({ kind: "run", direction: step.direction })}\` again to continue.`
      : "";
  if (error instanceof ScriptFailure) {
    const s = error.statement;
    const where =
      s === undefined
        ? "in one of its statements (the driver did not say which)"
        : s.role === "fence"
          ? "because this runner no longer holds the migration lock: its lease expired (the process was paused, or cut off from the cluster, for longer than the lease) or another runner took the lock over; no statement after that point ran"
          : s.role === "guard"
            ? "because the database rolled its transaction back before the statement it was about to run (on a Galera cluster: a certification conflict with a write committed on another node); no statement after that point ran"
            : s.role === "op"
              ? `in statement #${s.opStatementIndex} (operation #${s.operationIndex}, ${s.operationKind})`
              : `while updating its ${s.role === "version" ? "version-table row" : s.role === "history" || s.role === "progress" ? "history row" : "transaction"}`;
    const dependents = s?.operationKind === "requireNoDependents" ? dependentsNamed(error.message) : [];
    // refused before sending (max_allowed_packet): its own code and size, and not the whole statement again
    const tooLarge =
      isAthanorError(error.original) && error.original.code === "ATHANOR_STATEMENT_TOO_LARGE"
        ? error.original.meta
        : undefined;
    const sql = s === undefined || tooLarge === undefined ? s?.sql : shortened(s.sql);
    const misfits = s?.operationKind === "requireValuesFit" ? misfitsNamed(error.message) : undefined;
    // MySQL's form reports the rows through time_zone: say what the list is (the SQL names the column)
    const said =
      misfits !== undefined && !/do not fit/.test(error.message)
        ? `values do not fit the narrower type this revision moves them into (the SQL below names the column), in the rows: [${misfits.join(", ")}] (the list may be cut at 64 characters). Shorten or change those values (or widen the type in the models instead of going back), then run it again. The server said: ${error.message}`
        : error.message;
    return {
      code:
        s?.role === "version"
          ? "ATHANOR_VERSION_TABLE_CONFLICT"
          : s?.role === "fence"
            ? "ATHANOR_LOCK_LOST"
            : tooLarge !== undefined
              ? "ATHANOR_STATEMENT_TOO_LARGE"
              : dependents.length > 0
                ? "ATHANOR_BROKEN_DEPENDENTS"
                : misfits !== undefined
                  ? "ATHANOR_VALUES_DO_NOT_FIT"
                  : "ATHANOR_MIGRATION_FAILED",
      message: `${step.direction} of revision ${step.revision} failed ${where}: ${said}${s && s.role !== "guard" && s.role !== "fence" ? `\n  SQL: ${sql}` : ""}\n${outcome}`,
      operationIndex: s?.operationIndex,
      operationKind: s?.operationKind,
      sql: s?.role === "guard" || s?.role === "fence" ? undefined : sql,
      statementIndex: s?.opStatementIndex,
      meta: {
        revision: step.revision,
        direction: step.direction,
        role: s?.role ?? null,
        ...(dependents.length > 0 ? { dependents } : {}),
        ...(misfits !== undefined ? { rows: misfits } : {}),
        ...(tooLarge !== undefined
          ? { bytes: tooLarge.bytes, maxAllowedPacket: tooLarge.maxAllowedPacket }
          : {}),
        databaseError: databaseErrorOf(error.original),
        outcome: aftermath.kind,
        ...(aftermath.kind === "partial" ? { statementsDone: aftermath.statementsDone } : {}),
      },
    };
  }
  if (error instanceof OperationRenderError) {
    return {
      code: "ATHANOR_MIGRATION_FAILED",
      message: `${step.direction} of revision ${step.revision} failed: ${error.message}\n${outcome}`,
      operationIndex: error.operationIndex,
      operationKind: error.operationKind,
      meta: {
        revision: step.revision,
        direction: step.direction,
        cause: databaseErrorOf(error.cause),
        outcome: aftermath.kind,
      },
    };
  }
  const code = isAthanorError(error) ? error.code : "ATHANOR_MIGRATION_FAILED";
  const what =
    code === "ATHANOR_INTERRUPTED"
      ? (error as Error).message
      : `its ${step.direction}() threw ${(error as Error)?.message ?? String(error)}`;
  return {
    code,
    message: `${step.direction} of revision ${step.revision} ${head}: ${what}\n${outcome}${again}`,
    meta: {
      ...(isAthanorError(error) ? error.meta : {}),
      revision: step.revision,
      direction: step.direction,
      cause: databaseErrorOf(error),
      outcome: aftermath.kind,
      ...(aftermath.kind === "partial" ? { statementsDone: aftermath.statementsDone } : {}),
    },
  };
}

/** The head of a statement too large to send, as a failure shows it (it may be megabytes). */
function shortened(sql: string): string {
  return sql.length > 200 ? `${sql.slice(0, 200)}… (${sql.length} characters)` : sql;
}

/**
 * The objects a dialect's `requireNoDependents` check named in its error, which lists them as
 * `[view public.v; function public.f()]` after "drops or renames: " (MySQL: after "time zone: '")
 * and before "]. They would break" (the renderers' contract; a server that cuts the message may
 * leave the list without its end). Read from those words, not from the first `[`: the table or
 * column names quoted before the list may hold brackets themselves (`t[1]`).
 */
function dependentsNamed(message: string): string[] {
  const list =
    /drops or renames: \[([\s\S]*?)(?:\]\. They would break[\s\S]*)?$/.exec(message)?.[1] ??
    /time zone: '\[([\s\S]*?)\]?'?$/.exec(message)?.[1];
  return list === undefined || list === "" ? [] : list.split("; ");
}

/**
 * The rows a dialect's `requireValuesFit` check named in its error, listed as `[id=3, id=7]`
 * after "in the rows: " (MySQL: after "time zone: '"); undefined for any other failure of the
 * statement (a missing column), which keeps its general code.
 */
function misfitsNamed(message: string): string[] | undefined {
  const list =
    /do not fit [\s\S]*?in the rows: \[([\s\S]*?)(?:\]\. Shorten[\s\S]*)?$/.exec(message)?.[1] ??
    /time zone: '\[([\s\S]*?)\]?'?$/.exec(message)?.[1];
  return list === undefined ? undefined : list.split(", ");
}

/** The JSON-safe essentials of a driver error (PostgreSQL's code, detail, hint). */
export function databaseErrorOf(error: unknown): Record<string, unknown> {
  if (typeof error !== "object" || error === null) return { message: String(error) };
  const e = error as Record<string, unknown>;
  const out: Record<string, unknown> = { message: String(e.message ?? error) };
  for (const key of ["code", "errno", "detail", "hint", "severity", "position"]) {
    if (typeof e[key] === "string" || typeof e[key] === "number") out[key] = e[key];
  }
  return out;
}
