/**
 * A dollar-quote tag that does not occur in `body`, so nothing in it can end the quote early:
 * `first` when it does not, else `$athanor$`, `$athanor1$`, `$athanor2$`, …
 *
 * @example
 * ```ts
 * dollarTag("SELECT 1"); // "$athanor$"
 * dollarTag("x $$ y", "$$"); // "$athanor$"
 * ```
 */
export function dollarTag(body: string, first = "$athanor$"): string {
  if (!body.includes(first)) return first;
  let tag = "$athanor$";
  for (let i = 1; body.includes(tag); i++) tag = `$athanor${i}$`;
  return tag;
}
