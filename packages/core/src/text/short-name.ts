import { createHash } from "node:crypto";

/** PostgreSQL cuts an identifier at 63 bytes (MySQL refuses one over 64 characters, never fewer bytes). */
const IDENTIFIER_BYTES = 63;

const bytes = (text: string) => Buffer.byteLength(text);

/** `text` cut to at most `limit` UTF-8 bytes, by code points (never inside a character or a surrogate pair). */
function cutToBytes(text: string, limit: number): string {
  let out = "";
  for (const point of text) {
    if (bytes(out + point) > limit) break;
    out += point;
  }
  return out;
}

/** Eight hex digits of the name's SHA-256: two long names cut to the same start stay apart. */
const hashOf = (name: string) => createHash("sha256").update(name).digest("hex").slice(0, 8);

/**
 * `name` when it fits `limit` bytes, else its start and a hash of the whole, together at most
 * `limit` bytes: a multi-byte name is cut by bytes, never left longer than the server takes.
 *
 * @example
 * ```ts
 * shortName("users_mail_not_null"); // "users_mail_not_null"
 * ```
 */
export function shortName(name: string, limit = IDENTIFIER_BYTES): string {
  if (bytes(name) <= limit) return name;
  return `${cutToBytes(name, limit - 9)}_${hashOf(name)}`;
}

/**
 * `<name><suffix>` (`_athanor_new` unless told): the name an index, constraint or type takes
 * beside the one whose name it takes later (or gives up, as an enum rebuilt aside). When that is
 * over PostgreSQL's 63 bytes the name is cut and a hash of it kept, so two long names sharing
 * their start never get the same temporary name.
 *
 * @example
 * ```ts
 * temporaryName("users_email_idx"); // "users_email_idx_athanor_new"
 * temporaryName("mood", "__athanor_old"); // "mood__athanor_old"
 * ```
 */
export function temporaryName(name: string, suffix = "_athanor_new"): string {
  if (bytes(name + suffix) <= IDENTIFIER_BYTES) return name + suffix;
  return `${cutToBytes(name, IDENTIFIER_BYTES - bytes(suffix) - 9)}_${hashOf(name)}${suffix}`;
}
