import { randomBytes } from "node:crypto";

/**
 * A fresh revision id: 12 lowercase hex characters (48 random bits), the same shape Alembic uses,
 * short enough to type as a prefix and with negligible collision odds in one history.
 *
 * @example
 * ```ts
 * newRevisionId(); // "3f2a9c1b7d4e"
 * ```
 */
export function newRevisionId(): string {
  return randomBytes(6).toString("hex");
}
