/** Which names a server compares without ASCII letter case (see `DifferHooks.foldsNameCase`). */
export interface FoldedNameKinds {
  readonly tables: boolean;
  readonly columns: boolean;
}

/**
 * `a` and `b` are two spellings of one name to a server that folds ASCII letter case (SQLite's
 * rule for every name; MySQL's for columns): equal but for the case of `A`–`Z`. Only ASCII is
 * folded, so a name that differs in any other letter stays a different name — the cautious side.
 *
 * @example
 * ```ts
 * differsOnlyInCase("Users", "users"); // true
 * differsOnlyInCase("users", "users"); // false: the same spelling
 * ```
 */
export function differsOnlyInCase(a: string, b: string): boolean {
  return a !== b && foldAsciiCase(a) === foldAsciiCase(b);
}

function foldAsciiCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
