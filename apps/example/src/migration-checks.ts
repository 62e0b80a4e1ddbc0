import type { MigrationTestConfig } from "@athanor/testing";
import { REVISIONS } from "./revisions.js";

/**
 * The example's history for `@athanor/testing`'s checks: one head, every revision upgrades from
 * its parent, the stairway up/down/up, downgrades leave no trace, and v1's queries keep working
 * after every expand and migrate revision.
 *
 * @example
 * ```ts
 * describeMigrations({ ...EXAMPLE_MIGRATIONS, database: { url: "postgres://postgres@127.0.0.1:5432/test" } });
 * ```
 */
export const EXAMPLE_MIGRATIONS: MigrationTestConfig = {
  revisions: REVISIONS,
  ignoreDifference: (difference) =>
    difference.path.some(
      (part) =>
        // op.backfill keeps its resumable cursors in athanor's own `<version table>_backfill`
        // table, created by the first backfill and kept: bookkeeping, like the version table
        part.includes("athanor_version_backfill") ||
        // neither PostgreSQL nor MySQL can add a column back at its old position: the
        // contract downgrade re-creates users.name last, which no query of the example notices
        part.includes("column order"),
    ),
  smoke: async ({ connection }) => {
    await connection.query("INSERT INTO users (email, name) VALUES ('smoke@example.com', 'Smoke Test')");
    const rows = await connection.query<{ name: string }>(
      "SELECT name FROM users WHERE email = 'smoke@example.com'",
    );
    if (rows.rows[0]?.name !== "Smoke Test") throw new Error(`v1 read back ${JSON.stringify(rows.rows)}`);
    await connection.query(
      "INSERT INTO orders (user_id, total_cents) SELECT id, 100 FROM users WHERE email = 'smoke@example.com'",
    );
  },
};
