import { AthanorError, isAthanorError } from "@athanor/core/errors";

// How the introspection worker hands its answers to the main thread.

/** A model as sent: JSON text where that round-trips exactly, else the value itself (structured clone). */
export type Sent = { readonly json: string } | { readonly value: unknown };

/**
 * `value` as JSON text when JSON.parse gives back exactly the same value — only plain objects,
 * arrays, strings, booleans, null and finite numbers other than -0 — else the value itself, for
 * postMessage's structured clone. The main thread parses JSON several times faster than it
 * deserialises a structured clone of the same model (~25 vs ~70 ms at 1,000 tables), and the
 * main thread is what a check waits on.
 *
 * @example
 * ```ts
 * received(sendable({ tables: [] })); // { tables: [] }
 * ```
 */
export function sendable(value: unknown): Sent {
  let exact = true;
  let json: string | undefined;
  try {
    json = JSON.stringify(value, function (this: unknown, key: string, seen: unknown) {
      // `seen` is after toJSON; the holder's own value is what the receiver must get back
      const raw = (this as Record<string, unknown>)[key];
      if (exact && !(roundTrips(raw) && raw === seen)) exact = false;
      return seen;
    });
  } catch {
    exact = false; // a cycle or a bigint
  }
  return exact && json !== undefined ? { json } : { value };
}

function roundTrips(value: unknown): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null || Array.isArray(value)) return true;
      const proto = Object.getPrototypeOf(value);
      return proto === Object.prototype || proto === null;
    }
    default:
      // undefined (a key JSON would drop, an array hole it would turn to null), bigint, functions, symbols
      return false;
  }
}

/** The value a {@link sendable} carried. */
export function received(sent: Sent): unknown {
  return "json" in sent ? JSON.parse(sent.json) : sent.value;
}

/** An error as sent: enough to raise the same report (code, message, meta) on the main thread. */
export interface SentError {
  readonly athanor: boolean;
  readonly name: string;
  readonly code: string | undefined;
  readonly message: string;
  readonly meta: unknown;
  readonly stack: string | undefined;
}

/** `error` as a {@link SentError}. */
export function sendableError(error: unknown): SentError {
  const known = isAthanorError(error);
  return {
    athanor: known,
    name: error instanceof Error ? error.name : typeof error,
    code: known ? error.code : undefined,
    message: error instanceof Error ? error.message : String(error),
    // meta is printed as JSON (--json), so its JSON form is what any report shows
    meta: known ? plainMeta(error.meta) : undefined,
    stack: error instanceof Error ? error.stack : undefined,
  };
}

/**
 * The error a {@link SentError} describes, as the main thread reports it: an athanor error with
 * the same code, message and meta; anything else an Error with the same name and message.
 */
export function revivedError(sent: SentError): Error {
  const error = sent.athanor
    ? // biome-ignore lint/suspicious/noExplicitAny: the code and meta came from an AthanorError
      new AthanorError(sent.code as any, sent.message, sent.meta as any)
    : Object.assign(new Error(sent.message), { name: sent.name });
  if (sent.stack !== undefined) error.stack = sent.stack;
  return error;
}

function plainMeta(meta: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(meta) ?? "{}");
  } catch {
    return {};
  }
}
