/** One ANSI style: wraps its input in the style's open and close codes. */
export type Style = (input: string | number) => string;

/** The styles the CLI's own text uses. */
export interface Colors {
  readonly bold: Style;
  readonly dim: Style;
  readonly red: Style;
  readonly green: Style;
  readonly yellow: Style;
  readonly blue: Style;
  readonly magenta: Style;
  readonly cyan: Style;
}

/**
 * The CLI's ANSI styles, or plain `String` for each when `enabled` is false (the context's
 * `color`: a TTY and no NO_COLOR). Written here rather than taken from a colour package: that
 * package was CommonJS, and loading it started Node's CommonJS loader in every command, the no-op
 * `upgrade` at each application start included. A style applied inside another of the same kind
 * re-opens the outer one where its own close was, so `bold(`a ${bold("b")} c`)` keeps "c" bold.
 *
 * @example
 * ```ts
 * createColors(true).red("failed"); // "\x1b[31mfailed\x1b[39m"
 * createColors(false).red("failed"); // "failed"
 * ```
 */
export function createColors(enabled: boolean): Colors {
  const style = enabled ? ansi : () => String;
  return {
    bold: style("\x1b[1m", "\x1b[22m", "\x1b[22m\x1b[1m"),
    dim: style("\x1b[2m", "\x1b[22m", "\x1b[22m\x1b[2m"),
    red: style("\x1b[31m", "\x1b[39m"),
    green: style("\x1b[32m", "\x1b[39m"),
    yellow: style("\x1b[33m", "\x1b[39m"),
    blue: style("\x1b[34m", "\x1b[39m"),
    magenta: style("\x1b[35m", "\x1b[39m"),
    cyan: style("\x1b[36m", "\x1b[39m"),
  };
}

function ansi(open: string, close: string, reopen = open): Style {
  return (input) => {
    const text = String(input);
    // An inner close of the same kind (bold and dim share one) would end this style early, so
    // each becomes `reopen`. The search starts at open.length, as the package this replaced
    // did, so every text is styled byte for byte as before.
    const at = text.indexOf(close, open.length);
    if (at < 0) return `${open}${text}${close}`;
    return `${open}${text.slice(0, at)}${text.slice(at).replaceAll(close, reopen)}${close}`;
  };
}
