/**
 * A backfill a partial run stopped inside, as the runner records it in the history row's note:
 * which statement it is, its table, and how many of its batches are committed.
 */
export interface BackfillUnderWay {
  /** The backfill's statement index: the statement a resume starts with. */
  readonly statementIndex: number;
  /** Its table, as errors and summaries name it (`accounts`, `s1.accounts`). */
  readonly table: string;
  /**
   * Its batches committed so far (a resumed backfill counts its earlier attempts' too);
   * undefined when the record does not say (a kill -9 leaves only the commit point before it).
   */
  readonly batches?: number | undefined;
}

/** What the runner knows of the backfill it is running: the fact, and its cursor's name. */
export interface RunningBackfill extends BackfillUnderWay {
  /** The cursor name (`#2:.accounts`, backfillId): written into the note, it bounds the table's name there. */
  readonly cursor: string;
}

/** Starts the note of a partial run that stopped for an error none of its backfills was running. */
const STOPPED = "stopped by: ";

/**
 * The note of the commit point before a backfill: `at statement #2: backfill of accounts (cursor
 * #2:.accounts)`. A run killed inside the backfill leaves it as the history row's note.
 */
export function backfillStartNote(backfill: RunningBackfill): string {
  return `at statement #${backfill.statementIndex}: backfill of ${backfill.table} (cursor ${backfill.cursor})`;
}

/**
 * The note of a partial run stopped by `error`: the runner's own record first — the backfill
 * it was running (`…, 43 batches committed; stopped by: <error>`) or that none was
 * (`stopped by: <error>`) — so a reader never has to guess it from the error's words, which may
 * quote anything (a RAISE EXCEPTION text, a constraint's name).
 *
 * @example
 * ```ts
 * partialFailureNote({ statementIndex: 2, table: "accounts", cursor: "#2:.accounts", batches: 43 }, "upgrade of …");
 * // "at statement #2: backfill of accounts (cursor #2:.accounts), 43 batches committed; stopped by: upgrade of …"
 * ```
 */
export function partialFailureNote(backfill: RunningBackfill | undefined, error: string): string {
  if (backfill === undefined) return `${STOPPED}${error}`;
  const batches =
    backfill.batches === undefined
      ? ""
      : `, ${backfill.batches} batch${backfill.batches === 1 ? "" : "es"} committed`;
  return `${backfillStartNote(backfill)}${batches}; ${STOPPED}${error}`;
}

const HEAD = /^at statement #(\d+): backfill of /;

/**
 * The backfill a partial row's note says was under way at statement #`statementsDone`;
 * undefined when the note says none was, or names a backfill that had finished (an earlier
 * statement). Reads the runner's record (above) and, for rows an athanor before it wrote, the
 * error texts its backfills raised, anchored where the runner put them.
 */
export function backfillUnderWayIn(
  note: string | null,
  statementsDone: number,
): BackfillUnderWay | undefined {
  if (note === null || note.startsWith(STOPPED)) return undefined;
  const head = HEAD.exec(note);
  if (head === null) {
    // it stopped before its completion record, so the backfill was statement #statementsDone
    const legacy = legacyBackfillError(note);
    return legacy === undefined ? undefined : { ...legacy, statementIndex: statementsDone };
  }
  const recorded = recordedBackfill(note, Number(head[1]), head[0].length);
  return recorded?.statementIndex === statementsDone ? recorded : undefined;
}

/**
 * The runner's record after its head: the table is the text up to ` (cursor #n:<schema>.<name>)`
 * that names the same table — the first such place, so nothing the error after it says can move it.
 */
function recordedBackfill(note: string, statementIndex: number, from: number): BackfillUnderWay | undefined {
  const open = ` (cursor #${statementIndex}:`;
  for (let at = note.indexOf(open, from); at !== -1; at = note.indexOf(open, at + 1)) {
    const table = note.slice(from, at);
    const rest = note.slice(at + open.length);
    // the cursor is `<schema>.<name>` (`.name` without a schema): the label is `schema.name` or `name`
    const cursor = [`${table})`, `.${table})`].find((c) => rest.startsWith(c));
    if (cursor === undefined) continue;
    const batches = /^, (\d+) batch(?:es)? committed; /.exec(rest.slice(cursor.length))?.[1];
    return { statementIndex, table, batches: batches === undefined ? undefined : Number(batches) };
  }
  return undefined;
}

/**
 * An athanor before the runner kept its record wrote the run's error alone as the note. Only the
 * whole error a backfill raised, where the runner's failure put it (right after `… of revision r
 * was interrupted: ` or `… failed: its upgrade() threw `), is read as one; the same words
 * anywhere else (a statement's error quoting them) are not.
 */
function legacyBackfillError(note: string): Omit<BackfillUnderWay, "statementIndex"> | undefined {
  const stopped =
    /^(?:upgrade|downgrade) of revision \S+ was interrupted: Backfill of (.+?) stopped between batches: [\d,]+ rows in (\d+) batches are done and the cursor is saved in /.exec(
      note,
    );
  if (stopped !== null) return { table: stopped[1] as string, batches: Number(stopped[2]) };
  const failed =
    /^(?:upgrade|downgrade) of revision \S+ failed: its (?:upgrade|downgrade)\(\) threw Backfill of (.+?)(?: failed in batch #|: batch #)(\d+)(?::| timed out waiting for a row or table lock) /.exec(
      note,
    );
  return failed === null ? undefined : { table: failed[1] as string, batches: Number(failed[2]) - 1 };
}
