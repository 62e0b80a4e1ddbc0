/**
 * What a log or `--json` output carries of an error: its message and meta, as one JSON text (a
 * secret must be in neither). `undefined` and anything else is shown as it is.
 *
 * @example
 * ```ts
 * expect(errorAsShown(error)).not.toMatch(/sekret/);
 * ```
 */
export function errorAsShown(error: unknown): string {
  const { message, meta } = (error ?? {}) as { message?: unknown; meta?: unknown };
  return JSON.stringify({ message, meta });
}

/**
 * The error `promise` rejects with, or `undefined` when it resolves.
 *
 * @example
 * ```ts
 * const error = await rejectionOf(createTestDatabase({ url }));
 * ```
 */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}
