import { createHash, type Hash, hash } from "node:crypto";
import type { NormalizedBackfill } from "../backfill/backfill-spec.js";
import type { QualifiedName } from "../ops/definitions.js";
import type { Operation } from "../ops/operation.js";
import { tableLabel } from "../ops/table-label.js";
import { backfillId } from "./step-safety.js";

/**
 * The rendered statements of one attempt at one revision, by statement index, so a partial run
 * records what its done statements were (the history row's `statements_fingerprint`) and a
 * resume can tell whether the same file still renders to the same statements: a new athanor (a
 * new renderer, a new guard statement, other batching) can move statement #k elsewhere, and a
 * resume that skipped the first k statements would then run one twice or skip one.
 *
 * A backfill and an `op.query` take a statement index without rendered SQL; they count as
 * {@link backfillPrint} and {@link queryPrint}.
 *
 * @example
 * ```ts
 * const prints = new StatementPrints();
 * prints.add(0, "ALTER TABLE accounts ADD COLUMN w int");
 * prints.recorded(1); // '{"v":1,"n":1,"all":"…","each":[["…","ALTER TABLE accounts ADD COLUMN w int"]]}'
 * ```
 */
export class StatementPrints {
  /** sha256 (hex) of each statement's text, by index. */
  private readonly digests: (string | undefined)[] = [];
  private readonly texts: (string | undefined)[] = [];

  private running: Hash | undefined;
  private runningDone = 0;

  add(index: number, text: string): void {
    this.digests[index] = digestOf(text);
    this.texts[index] = text;
    if (index < this.runningDone) this.running = undefined;
  }

  /** How many statements, from #0 on, are known. */
  get known(): number {
    let n = 0;
    while (this.digests[n] !== undefined) n++;
    return n;
  }

  /**
   * The record of statements #0 to #done-1 for the history row, or undefined when one of them is
   * not known (the attempt stopped before rendering it). Kept under {@link RECORD_BUDGET}
   * characters, ASCII only (MySQL's `text` holds 65,535 bytes): past the budget a statement keeps
   * no preview, then no entry; `all` still covers every one.
   */
  recorded(done: number, budget: number = RECORD_BUDGET): string | undefined {
    for (let i = 0; i < done; i++) if (this.digests[i] === undefined) return undefined;
    const each: string[] = [];
    const previews = (budget * 2) / 3;
    let length = 0;
    for (let i = 0; i < done; i++) {
      const short = JSON.stringify((this.digests[i] as string).slice(0, SHORT));
      const entry =
        length < previews ? `[${short},${asciiJson(previewOf(this.texts[i] as string))}]` : `[${short}]`;
      if (length + entry.length > budget) break;
      each.push(entry);
      length += entry.length + 1;
    }
    return `{"v":1,"n":${done},"all":"${this.combinedUpTo(done)}","each":[${each.join(",")}]}`;
  }

  /**
   * {@link combined} of statements #0 to #done-1, kept running: a revision of thousands of
   * statements records it at every commit point, and hashing every digest again each time made
   * that quadratic.
   */
  private combinedUpTo(done: number): string {
    if (this.running === undefined || this.runningDone > done) {
      this.running = createHash("sha256");
      this.runningDone = 0;
    }
    for (; this.runningDone < done; this.runningDone++)
      this.running.update(`${this.runningDone === 0 ? "" : "\n"}${this.digests[this.runningDone]}`);
    return this.running.copy().digest("hex");
  }

  /**
   * Where statements #0 to #recorded.n-1 as known here differ from `recorded`: undefined when
   * they are the same statements. `complete` false: only the statements known here were
   * rendered (the rest is unknown, not missing); a difference among them is still one.
   */
  compare(recorded: RecordedPrints, complete = true): PrintDifference | undefined {
    const digests = this.digests.slice(0, recorded.n);
    const known = this.known;
    if (known >= recorded.n && combined(digests as string[]) === recorded.all) return undefined;
    for (const [index, entry] of recorded.each.entries()) {
      const digest = digests[index];
      if (digest?.startsWith(entry.digest)) continue;
      if (!complete && index >= known) return undefined; // not rendered here: nothing to tell
      return { index, exact: true, recorded: entry.preview, current: this.texts[index] };
    }
    // every listed statement is the same: the difference lies past the list (cut for a revision
    // of very many statements), or the record does not hold together
    if (!complete) return undefined;
    return { index: recorded.each.length, exact: false, recorded: undefined, current: undefined };
  }
}

/** A statement of a revision's recorded part, as {@link StatementPrints.recorded} wrote it. */
export interface RecordedPrints {
  /** Statements done when it was written. */
  readonly n: number;
  /** sha256 over every done statement's digest, in order. */
  readonly all: string;
  /** Per statement from #0 on (maybe fewer than `n`): its digest's first characters and the start of its text. */
  readonly each: readonly { readonly digest: string; readonly preview: string | undefined }[];
}

/** The first statement found to differ. */
export interface PrintDifference {
  readonly index: number;
  /** False when only "statement #index or one after it" is known (past the recorded list). */
  readonly exact: boolean;
  /** The start of the statement as recorded (undefined past the recorded list). */
  readonly recorded: string | undefined;
  /** The statement as rendered now (undefined when this rendering has no such statement). */
  readonly current: string | undefined;
}

/**
 * Reads a history row's `statements_fingerprint`; undefined for anything else than what
 * {@link StatementPrints.recorded} writes (another format, or a value edited by hand).
 */
export function parseRecordedPrints(value: string): RecordedPrints | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { v, n, all, each } = parsed as Record<string, unknown>;
  if (v !== 1 || !Number.isSafeInteger(n) || (n as number) < 0 || typeof all !== "string") return undefined;
  if (!/^[0-9a-f]{64}$/.test(all) || !Array.isArray(each) || each.length > (n as number)) return undefined;
  const entries: { digest: string; preview: string | undefined }[] = [];
  for (const entry of each) {
    if (!Array.isArray(entry) || entry.length < 1 || entry.length > 2) return undefined;
    const [digest, preview] = entry as unknown[];
    if (typeof digest !== "string" || !/^[0-9a-f]{16}$/.test(digest)) return undefined;
    if (preview !== undefined && typeof preview !== "string") return undefined;
    entries.push({ digest, preview });
  }
  return { n: n as number, all, each: entries };
}

/** What a backfill counts as among a revision's statements: its cursor name (`#2:.accounts`). */
export function backfillPrint(index: number, spec: NormalizedBackfill): string {
  return `op.backfill ${backfillId(index, spec)}`;
}

/** What an `op.query` counts as among a revision's statements: its SQL (parameters aside). */
export function queryPrint(sql: string): string {
  return `op.query ${sql}`;
}

const SHORT = 16;
const PREVIEW = 120;
/** The whole record stays under this many characters (all ASCII). */
const RECORD_BUDGET = 60_000;
/**
 * A commit point's record ({@link StatementPrints.recorded} for a progress marker): it is sent
 * with every DDL statement of a MySQL revision, in the same round trip, so the full record made a
 * 4,000-statement revision's batch exceed max_allowed_packet. `all` still covers every statement;
 * the row written when an attempt fails keeps the full record.
 */
export const MARKER_RECORD_BUDGET = 1_000;

function digestOf(text: string): string {
  return hash("sha256", text, "hex");
}

function previewOf(text: string): string {
  return text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text;
}

function combined(digests: readonly string[]): string {
  return hash("sha256", digests.join("\n"), "hex");
}

/** JSON with every non-ASCII character escaped: its length is its size in bytes. */
function asciiJson(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Statement `k` of a batch rendered from the live schema (a SQLite rebuild: the table's prior
 * definition is read just before): its text depends on the schema it read, which the statements
 * already done have changed by the time a resume renders it again, so it counts by what it does,
 * not by its text. A different count of such statements still moves every later index.
 *
 * @example
 * ```ts
 * reflectedPrint([operations.alterColumn("members", "email", { nullable: true })], 0);
 * // "reflected #0 of alterColumn members"
 * ```
 */
export function reflectedPrint(run: readonly Operation[], k: number): string {
  return `reflected #${k} of ${run.map((op) => `${op.kind}${"table" in op ? ` ${tableLabel(op.table as QualifiedName)}` : ""}`).join(", ")}`;
}
