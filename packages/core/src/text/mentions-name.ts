/**
 * True when SQL text `definition` may refer to the object named `name`: the name appears in it
 * as a whole word, quoted or not. A server prints every relation a view reads by name, so a
 * view whose printed query does not mention a name cannot read it; a mention inside a string
 * literal is a false positive, never a missed dependency.
 *
 * @example
 * ```ts
 * mentionsName(" SELECT accounts.id FROM accounts", "accounts"); // true
 * mentionsName("SELECT 1 FROM accounts_archive", "accounts"); // false
 * ```
 */
export function mentionsName(definition: string, name: string): boolean {
  if (name === "") return false;
  let from = 0;
  for (;;) {
    const at = definition.indexOf(name, from);
    if (at < 0) return false;
    const before = definition[at - 1] ?? " ";
    const after = definition[at + name.length] ?? " ";
    if (!/[\w$]/.test(before) && !/[\w$]/.test(after)) return true;
    from = at + 1;
  }
}
