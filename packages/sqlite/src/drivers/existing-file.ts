import { existsSync } from "node:fs";
import { AthanorError } from "@athanor/core";

// A command that only reads (current, status, check…) must not leave an empty database behind at
// a mistyped path, and then report it "ready": every driver would create the file on open, so
// the path is checked first, with one rule for better-sqlite3, libsql and @libsql/client.
const REMOTE = /^(?:libsql|https?|wss?):/i;

/**
 * Throws ATHANOR_DATABASE_NOT_FOUND, naming the path, unless the database file `file` exists;
 * `:memory:` and a libSQL server's URL pass (nothing to create).
 *
 * @example
 * ```ts
 * assertDatabaseFileExists("/repo/app.db", "better-sqlite3"); // throws when /repo/app.db is missing
 * ```
 */
export function assertDatabaseFileExists(file: string, driver: string): void {
  if (file === ":memory:" || REMOTE.test(file) || existsSync(file)) return;
  throw new AthanorError(
    "ATHANOR_DATABASE_NOT_FOUND",
    `The SQLite database ${JSON.stringify(file)} does not exist, and this command only reads it, so it created none. Check the path in the config's \`url\` (or DATABASE_URL); \`athanor upgrade\` creates the file.`,
    {
      dialect: "sqlite",
      file,
      driver,
      hint: "fix the path, or run `athanor upgrade` to create the database",
    },
  );
}
