import { FOREIGN_KEY_CHECK_SETUP } from "../render/rebuild.js";

/** How a statement starts when it begins with the foreign key check's setup (render/rebuild.ts). */
const SETUP = `${FOREIGN_KEY_CHECK_SETUP.join(";\n")};\n`;
/** How the dialect's COMMIT statement ends (sqlite-dialect.ts: the check, then COMMIT). */
const COMMIT_END = ";\nCOMMIT";
/** The error SQLite gives when the check's TEMP table is gone (`PRAGMA temp_store` drops TEMP objects). */
const SETUP_GONE = "no such table: temp.athanor_fk_violation";

/**
 * The foreign key check before each COMMIT starts by creating its TEMP table and trigger `IF NOT
 * EXISTS` (the same text in `--sql` scripts, which must stand alone). On one session — a
 * synchronous handle — once a statement carrying them has committed they exist until the session
 * ends, so later statements skip them: ~29 k instructions a revision of SQLite parsing no-ops. If
 * they are gone anyway (a revision changed `temp_store`), the statement runs again in full; the
 * shortened one failed on its first statement, before anything else of it ran.
 *
 * @example
 * ```ts
 * const setup = committedCheckSetup();
 * setup.run(commitSql, (sql) => db.exec(sql));
 * ```
 */
export function committedCheckSetup(): { run(sql: string, exec: (sql: string) => void): void } {
  let committed = false;
  return {
    run(sql, exec) {
      if (!sql.startsWith(SETUP)) {
        exec(sql);
        return;
      }
      if (committed) {
        try {
          exec(sql.slice(SETUP.length));
          return;
        } catch (error) {
          if (!String((error as { message?: unknown } | null)?.message).includes(SETUP_GONE)) throw error;
          committed = false;
        }
      }
      exec(sql);
      if (sql.endsWith(COMMIT_END)) committed = true;
    },
  };
}
