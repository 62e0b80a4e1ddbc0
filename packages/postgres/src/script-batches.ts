// Both drivers send a script as simple-query text: one round trip for many statements. Two
// facts of PostgreSQL's simple-query protocol shape this file:
// - several statements in one Query message run as one implicit transaction unless the text
//   itself has BEGIN/COMMIT, so statements that refuse a transaction block (CREATE INDEX
//   CONCURRENTLY, VACUUM, CREATE DATABASE, ...) must travel alone;
// - an error's `position` is a 1-based character offset into the whole text, which is how we
//   tell which statement failed (errors without a position, e.g. a unique violation, can't be
//   attributed when the batch holds several statements).

/** SQLSTATE 42601: raised by the parser, before anything of the batch ran; its position is the script's. */
const SYNTAX_ERROR = "42601";

/** Statements sent together in one Query message. */
export interface ScriptBatch {
  /** The statements joined into one simple-query text. */
  readonly text: string;
  /** Index (in the caller's list) of the batch's first statement. */
  readonly firstIndex: number;
  /** Character offset of each statement inside `text`. */
  readonly starts: readonly number[];
}

// Deliberately broad: sending a statement alone costs one round trip; wrongly batching it
// fails the migration.
const OUTSIDE_TRANSACTION =
  /\bCONCURRENTLY\b|^\s*(VACUUM|CLUSTER|(CREATE|DROP)\s+(DATABASE|TABLESPACE|SUBSCRIPTION)|ALTER\s+SYSTEM|ALTER\s+DATABASE\s+\S+\s+SET\s+TABLESPACE|REINDEX\s+(SYSTEM|DATABASE))\b/i;

/** True for a statement PostgreSQL refuses to run inside a (possibly implicit) transaction block. */
export function mustRunAlone(statement: string): boolean {
  return OUTSIDE_TRANSACTION.test(statement);
}

/**
 * Groups statements into as few simple-query batches as is safe, keeping their order: every
 * statement that must run outside a transaction block gets a batch of its own.
 *
 * @example
 * ```ts
 * scriptBatches(["CREATE TABLE t (a int)", "CREATE INDEX CONCURRENTLY i ON t (a)"]).length; // 2
 * ```
 */
export function scriptBatches(statements: readonly string[]): ScriptBatch[] {
  const batches: ScriptBatch[] = [];
  let current: { parts: string[]; firstIndex: number } | undefined;
  const flush = () => {
    if (current) batches.push(joinBatch(current.parts, current.firstIndex));
    current = undefined;
  };
  statements.forEach((statement, index) => {
    if (mustRunAlone(statement)) {
      flush();
      batches.push(joinBatch([statement], index));
      return;
    }
    current ??= { parts: [], firstIndex: index };
    current.parts.push(statement);
  });
  flush();
  return batches;
}

function joinBatch(parts: readonly string[], firstIndex: number): ScriptBatch {
  const starts: number[] = [];
  let text = "";
  for (const part of parts) {
    starts.push(text.length);
    text += terminated(part);
  }
  return { text, firstIndex, starts };
}

// A trailing line comment would swallow a `;` written on the same line, so the terminator
// then goes on its own line.
function terminated(statement: string): string {
  const body = statement.trimEnd().replace(/;+$/, "").trimEnd();
  const lastLine = body.slice(body.lastIndexOf("\n") + 1);
  return lastLine.includes("--") ? `${body}\n;\n` : `${body};\n`;
}

/**
 * Which statement (index in the caller's list) a driver error points at, using the error's
 * `position`; undefined when the error carries none and the batch holds several statements.
 *
 * @example
 * ```ts
 * const [batch] = scriptBatches(["SELECT 1", "SELECT * FROM nope"]);
 * statementIndexOf(batch, { position: "25" }); // 1
 * ```
 */
export function statementIndexOf(batch: ScriptBatch, error: unknown): number | undefined {
  if (batch.starts.length === 1) return batch.firstIndex;
  const raw =
    typeof error === "object" && error !== null ? (error as { position?: unknown }).position : undefined;
  const position = Number(raw);
  if (raw === undefined || raw === null || raw === "" || !Number.isInteger(position) || position < 1)
    return undefined;
  let found = 0;
  batch.starts.forEach((start, i) => {
    if (start <= position - 1) found = i;
  });
  return batch.firstIndex + found;
}

/**
 * Runs statements batch by batch with `send` (one round trip per batch); on failure rethrows the
 * driver's error with `statementIndex` (when known) and `statement` attached, as the
 * Connection contract asks.
 *
 * @example
 * ```ts
 * await runScript(statements, (text) => reserved.unsafe(text).simple());
 * ```
 */
export async function runScript(
  statements: readonly string[],
  send: (text: string) => PromiseLike<unknown>,
): Promise<void> {
  for (const batch of scriptBatches(statements)) {
    try {
      await send(batch.text);
    } catch (error) {
      const statementIndex = statementIndexOf(batch, error);
      if (typeof error !== "object" || error === null) throw error;
      throw Object.assign(error, {
        statementIndex,
        statement: statementIndex === undefined ? undefined : statements[statementIndex],
        // a position into an expression parsed again (an index retyped with its column) reads
        // as one into the script: only a syntax error's position is sure to be the script's
        ...(statementIndex !== undefined &&
        batch.starts.length > 1 &&
        (error as { code?: unknown }).code !== SYNTAX_ERROR
          ? { statementIndexUnsure: true }
          : {}),
      });
    }
  }
}
