import { type Connection, mentionsName, type OfflineReplay } from "@athanor/core";
import type { SqliteConnection } from "../sqlite-connection.js";
import type { ReplayGap, SqliteRenderContext } from "./render-context.js";

/**
 * SQLite's `Dialect.offlineReplay`: a private in-memory database the revision chain is replayed
 * into for `--sql`, so a rebuild renders from the table as the script will find it (Alembic's
 * batch mode needs the same as `copy_from`). SQLite itself runs every statement — raw
 * `op.execute` SQL included — so the definitions are SQLite's, not a guess. A statement it
 * refuses (an extension function, an ATTACHed file, data the replay does not have) is
 * remembered with its revision: a later rebuild of a table that statement names is refused
 * naming the revision, and so is every rebuild after a revision that could not be replayed
 * (`lose`). Foreign keys are off, as on the migration session.
 *
 * @example
 * ```ts
 * const replay = await sqliteOfflineReplay(() => openSqliteConnection(":memory:"), reflectSqlite);
 * ```
 */
export async function sqliteOfflineReplay(
  open: () => Promise<SqliteConnection>,
  reflect: (conn: Connection) => Promise<SqliteRenderContext>,
): Promise<OfflineReplay> {
  const conn = await open();
  await conn.query("PRAGMA foreign_keys = OFF");
  const refused: { readonly revision: string; readonly sql: string; readonly reason: string }[] = [];
  let lost: ReplayGap | undefined;
  const gapOf = (table: string): ReplayGap | undefined => {
    if (lost !== undefined) return lost;
    const statement = refused.find((r) => mentionsName(r.sql, table));
    return statement === undefined
      ? undefined
      : {
          revision: statement.revision,
          reason: `its SQL ${JSON.stringify(statement.sql.slice(0, 120))} names the table and could not be replayed (${statement.reason})`,
        };
  };
  return {
    async apply(revision, statements) {
      for (const sql of statements) {
        try {
          await conn.executeScript([sql]);
        } catch (error) {
          refused.push({ revision, sql, reason: error instanceof Error ? error.message : String(error) });
        }
      }
    },
    async reflect() {
      return { ...(await reflect(conn)), replayGap: gapOf };
    },
    lose(revision, reason) {
      lost ??= { revision, reason };
    },
    close: () => conn.close(),
  };
}
