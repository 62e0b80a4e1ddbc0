/** Two instants whose literals differ at every place a time is written (same width, 1000–9999). */
const SENTINELS = [
  new Date(Date.UTC(2001, 0, 1, 1, 1, 1, 1)),
  new Date(Date.UTC(2002, 1, 2, 2, 2, 2, 2)),
] as const;

/**
 * The text `build(at)` gives, split at every place the literal of `at` is written, so the text
 * for another instant is a join instead of a build: a step prepared ahead of its turn
 * (steps-ahead.ts) writes its progress records' SQL then, and only their times at the turn.
 * Found by building twice with two instants and keeping only the places where the two texts
 * hold their two literals at the same position — a time-like string in the revision's own text
 * (a statement preview, an id) is the same in both builds and stays as it is. When the two
 * builds differ otherwise (a build that reads the clock itself), `build` is returned unchanged.
 *
 * @example
 * ```ts
 * const row = timeTemplate((at) => `UPDATE h SET t = ${literal(at)}`, literal);
 * row(new Date()); // the same text as the build, made by a join
 * ```
 */
export function timeTemplate(
  build: (at: Date) => string,
  literal: (at: Date) => string,
): (at: Date) => string {
  const [a, b] = SENTINELS;
  // each literal right after its build: a dialect keeping its last literal (MySQL's) formats once
  const textA = build(a);
  const litA = literal(a);
  const textB = build(b);
  const litB = literal(b);
  if (textA.length !== textB.length || litA.length !== litB.length || litA === litB) return build;
  const parts: string[] = [];
  let from = 0;
  for (let i = textA.indexOf(litA); i >= 0; i = textA.indexOf(litA, i + 1)) {
    if (i < from || !textB.startsWith(litB, i)) continue;
    parts.push(textA.slice(from, i));
    from = i + litA.length;
  }
  parts.push(textA.slice(from));
  if (parts.join(litB) !== textB) return build;
  return (at) => parts.join(literal(at));
}
