import type { NodeState } from "./graph-model.js";

/**
 * The characters of one drawing style. `unicode` uses box drawing (`├─╮`, `│`, `●`/`○`);
 * `ascii` draws like `git log --graph` (`|\`, `|/`, `*`) for pipes, logs and old terminals.
 *
 * @example
 * ```ts
 * CHARSETS.ascii.node.pending; // "o"
 * ```
 */
export interface Charset {
  readonly name: "ascii" | "unicode";
  readonly vertical: string;
  readonly node: Readonly<Record<NodeState, string>>;
  /** Marks a depends-on edge in a row's text, e.g. `⇢ depends on 55af…`. */
  readonly dependsOn: string;
  /** Ends a page cut short by `--limit`. */
  readonly more: string;
}

/** Both drawing styles. @example `CHARSETS.unicode.vertical // "│"` */
export const CHARSETS: Readonly<Record<Charset["name"], Charset>> = {
  ascii: {
    name: "ascii",
    vertical: "|",
    // Without the database every revision is drawn like a git commit.
    node: { applied: "*", pending: "o", unknown: "*" },
    dependsOn: "~>",
    more: "...",
  },
  unicode: {
    name: "unicode",
    vertical: "│",
    node: { applied: "●", pending: "○", unknown: "◇" },
    dependsOn: "⇢",
    more: "…",
  },
};

/**
 * Picks the drawing style: `--ascii`/`--unicode` win; otherwise box drawing only when a person
 * is looking at a terminal whose locale says UTF-8, and plain ASCII in pipes and files.
 *
 * @example
 * ```ts
 * chooseCharset({}, { isTTY: true, env: { LANG: "en_US.UTF-8" } }).name; // "unicode"
 * ```
 */
export function chooseCharset(
  flags: { readonly ascii?: boolean | undefined; readonly unicode?: boolean | undefined },
  terminal: { readonly isTTY: boolean; readonly env: Readonly<Record<string, string | undefined>> },
): Charset {
  if (flags.ascii === true) return CHARSETS.ascii;
  if (flags.unicode === true) return CHARSETS.unicode;
  const { env } = terminal;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  return terminal.isTTY && /utf-?8/i.test(locale) ? CHARSETS.unicode : CHARSETS.ascii;
}
