/** Revision functions known to do nothing but call `op`'s builders with fixed arguments. */
const opCallsOnly = new WeakSet<object>();

/**
 * Marks a revision's `upgrade` or `downgrade` function as one that only calls `op`'s builders
 * with arguments fixed in its text (what `athanor revision` and autogenerate write, and what the
 * CLI evaluates from a literal revision file): calling it has no effect but the operations it
 * hands to `op`. The runner may then run it for revision N+1 while the server still runs revision
 * N, so N+1's statements are ready when N commits; nothing of N+1 is sent before that, and when N
 * fails the operations are dropped unsent. Do not mark a function that logs, reads, writes or
 * calls anything else: it could run for a revision that is then never applied.
 *
 * @example
 * ```ts
 * const upgrade = markOpCallsOnly((op: Op) => void op.createTable("t", { columns: [] }));
 * ```
 */
export function markOpCallsOnly<F extends object>(fn: F): F {
  opCallsOnly.add(fn);
  return fn;
}

/**
 * Whether `fn` was marked by {@link markOpCallsOnly}: the runner may run it ahead of its turn.
 *
 * @example
 * ```ts
 * callsOpOnly(definition.upgrade); // true for a literal revision file the CLI evaluated
 * ```
 */
export function callsOpOnly(fn: unknown): boolean {
  return typeof fn === "function" && opCallsOnly.has(fn);
}
