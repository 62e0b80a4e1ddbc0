/**
 * One dedicated database session, as the runner uses it. Implemented by each driver
 * (postgres.js reserved connection, PGlite, mysql2 connection). Everything the runner
 * does for one run goes through a single Connection, so session-level locks and
 * transactions behave.
 */
export interface Connection {
  /** One statement with bind parameters; returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /**
   * Several statements sent in one round trip where the protocol allows (PostgreSQL simple
   * query, mysql2 multipleStatements), in order; stops at the first failure and rejects with
   * an error whose `statementIndex` (when known) says which statement failed, and
   * `statementIndexUnsure: true` when that was inferred (PostgreSQL: from the error's position,
   * which for an expression the server parses again — an index or check retyped with its
   * column — points into that expression's text, not the script's).
   */
  executeScript(statements: readonly string[]): Promise<void>;
  /**
   * A synchronous driver's `executeScript` without the promise when it succeeds (see
   * {@link ScriptNow}): the runner's short step path then goes from one revision to the next with
   * no await between them (docs/performance.md, twenty-sixth session). Absent: `executeScript`.
   */
  readonly executeScriptNow?: ScriptNow | undefined;
  /**
   * The driver runs SQL in this process, synchronously (better-sqlite3, libsql's embedded handle):
   * a script is done — committed or stopped at its failing statement — when `executeScript`
   * settles, with no connection to lose on the way. Informational: the runner's short step path,
   * once for these drivers only, is every driver's now (docs/performance.md, "PostgreSQL apply and
   * revert, nineteenth session").
   */
  readonly synchronous?: boolean | undefined;
  /**
   * The database engine runs in this process and thread (PGlite): while it works the client has
   * no time of its own, so the runner prepares no step ahead of its turn.
   */
  readonly inProcess?: boolean | undefined;
  /** Ends the session; releases session-level locks held on it. Safe to call twice. */
  close(): Promise<void>;
}

export interface QueryResult<Row> {
  readonly rows: readonly Row[];
  /** Rows affected by INSERT/UPDATE/DELETE, when the driver reports it. */
  readonly rowCount?: number | undefined;
}

/**
 * Runs a script now, on a driver that runs SQL in this process: undefined once every statement
 * ran, or the rejected promise `executeScript` would have given (the same error). The runner
 * calls it only while the connection's `executeScript` is the one it was made with
 * (`executeScript` here): a wrapper that replaces `executeScript` — to log the statements, or to
 * fail one — keeps being called for every script.
 *
 * @example
 * ```ts
 * const executeScriptNow: ScriptNow = Object.assign(runNow, { executeScript });
 * ```
 */
export interface ScriptNow {
  (statements: readonly string[]): Promise<never> | undefined;
  /** The connection's own `executeScript`, which does the same with a promise. */
  readonly executeScript: Connection["executeScript"];
}
