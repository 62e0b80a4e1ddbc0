import { relative, sep } from "node:path";
import type { AthanorError, ErrorCode } from "@athanor/core";
import { isAthanorError } from "@athanor/core/errors";
import { inertText } from "@athanor/core/text";
import { createColors } from "./colors.js";
import type { Context } from "./context.js";

/** Exit codes: 0 ok, 1 a failure athanor reports, 2 the command line itself is wrong. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * Writes one JSON document to stdout (the whole of stdout in `--json` mode).
 *
 * @example
 * ```ts
 * printJson(ctx, { heads: [] });
 * ```
 */
export function printJson(ctx: Context, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes lines of text to stdout.
 *
 * @example
 * ```ts
 * printLines(ctx, ["a1 (head)"]);
 * ```
 */
export function printLines(ctx: Context, lines: readonly string[]): void {
  if (lines.length > 0) ctx.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * Writes warnings to stderr, one `warning: CODE: ...` line each, so stdout (and `--json`
 * output) stays as it was.
 *
 * @example
 * ```ts
 * printWarnings(ctx, ["ATHANOR_PROPERTY_NOT_COMPARED: table t, index t_i, property lock: ..."]);
 * ```
 */
export function printWarnings(ctx: Context, lines: readonly string[]): void {
  // a warning is one line, whatever names it holds
  for (const line of lines) ctx.stderr.write(`warning: ${inertText(line)}\n`);
}

/**
 * A path as a user should see it: relative to the working directory, `/`-separated.
 *
 * @example
 * ```ts
 * displayPath(ctx, "/p/migrations/versions/a.ts"); // "migrations/versions/a.ts" when cwd is /p
 * ```
 */
export function displayPath(ctx: Pick<Context, "cwd">, file: string): string {
  const rel = relative(ctx.cwd, file);
  return inertText((rel === "" ? "." : rel).split(sep).join("/"));
}

/**
 * Reports a failure and returns the exit code. Text mode prints `error[CODE]: message` (a
 * message's further lines behind a `|` gutter, every line inert), the files involved and hints — never a stack trace unless `ATHANOR_DEBUG=1`. JSON mode prints
 * `{"error":{"code","message","meta"}}` on stdout.
 *
 * @example
 * ```ts
 * return reportError(ctx, error); // 1, or 2 for ATHANOR_USAGE
 * ```
 */
export function reportError(ctx: Context, error: unknown): number {
  const known = isAthanorError(error);
  const code: ErrorCode = known ? error.code : "ATHANOR_INTERNAL";
  const message = known
    ? error.message
    : `${error instanceof Error ? error.message : String(error)}. This is a bug in athanor; run again with ATHANOR_DEBUG=1 to see the stack trace, and please report it.`;
  const meta = known ? error.meta : {};
  if (ctx.json) {
    printJson(ctx, { error: { code, message, meta } });
  } else {
    const colors = createColors(ctx.color);
    const [first, ...body] = messageLines(message);
    const lines = [`${colors.red(colors.bold(`error[${code}]`))}: ${first}`];
    for (const line of body) lines.push(`  ${colors.dim("|")} ${line}`);
    for (const file of filesOf(error as AthanorError, message))
      lines.push(`  ${colors.dim("-->")} ${displayPath(ctx, file)}`);
    // a hint is one line; one naming a table from the database must not print a line of its own
    for (const hint of hintsOf(meta)) lines.push(`  ${colors.cyan("hint")}: ${inertText(hint)}`);
    ctx.stderr.write(`${lines.join("\n")}\n`);
  }
  if (ctx.env.ATHANOR_DEBUG === "1" && error instanceof Error) ctx.stderr.write(`${debugTrace(error)}\n`);
  return code === "ATHANOR_USAGE" || code === "ATHANOR_RENAME_UNDECIDED" ? EXIT.usage : EXIT.failure;
}

/**
 * A message's lines, each inert. Messages hold text from revisions, the database and its errors:
 * a line break there is printed as one, but behind the `|` gutter every line after the first gets,
 * so it cannot print a line that reads as athanor's own (a hint, a file, another error, the
 * summary of a run). Every other control character is shown escaped.
 */
function messageLines(message: string): [string, ...string[]] {
  const [first = "", ...rest] = message.split(/\r\n|\n/);
  return [inertText(first), ...rest.map(inertText)];
}

function filesOf(error: AthanorError, message: string): string[] {
  if (!isAthanorError(error)) return [];
  const { file, files } = error.meta;
  const all = [...(typeof file === "string" ? [file] : []), ...(Array.isArray(files) ? files : [])];
  return [...new Set(all.filter((f): f is string => typeof f === "string" && !message.includes(f)))];
}

function hintsOf(meta: Readonly<Record<string, unknown>>): string[] {
  const hints: string[] = [];
  if (typeof meta.hint === "string") hints.push(meta.hint);
  // Only plain strings are targets; structured candidates (e.g. rename candidates) are for --json.
  const targets = [meta.suggestions, meta.candidates]
    .map((v) => (Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : []))
    .find((v) => v.length > 0);
  if (targets !== undefined) hints.push(`targets that would work: ${targets.join(", ")}`);
  return hints;
}

function debugTrace(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.stack ?? String(current));
    current = current.cause;
    if (current !== undefined) parts.push("caused by:");
  }
  return parts.join("\n");
}
