import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { runCli, tempDir, useSchemaFile } from "../testing/harness.js";
import type { ScratchDatabase } from "./scratch-server.js";

/**
 * A staged type change on MariaDB, as autogenerate writes it: `users.display_name` varchar(100)
 * → text becomes an expand revision (ADD COLUMN display_name_new, two sync triggers), a migrate
 * revision (an `op.backfill` copying the values in batches) and a contract revision (DROP the
 * triggers, DROP COLUMN display_name, RENAME COLUMN display_name_new TO display_name; its
 * downgrade renames back, re-adds the old column, backfills it and re-creates the trigger).
 * Every statement of the three is DDL that commits by itself or a backfill batch.
 */
export interface ContractProject {
  readonly dir: string;
  /** The first revision (the table), what every trial starts from. */
  readonly base: string;
  /** expand, migrate, contract. */
  readonly staged: readonly [string, string, string];
}

const schema = (
  displayName: string,
) => `import { index, int, mysqlTable, text, varchar } from "drizzle-orm/mysql-core";
export const users = mysqlTable("users", {
  id: int().primaryKey().autoincrement(),
  email: varchar({ length: 255 }).notNull(),
  displayName: ${displayName},
}, (t) => [index("users_email_idx").on(t.email)]);`;

/** Writes the project, generating both revisions against `db` (left holding the first). */
export async function contractProject(db: ScratchDatabase): Promise<ContractProject> {
  const dir = tempDir("athanor-contract-trial-");
  const env = { DATABASE_URL: db.url };
  const ok = async (...argv: string[]) => {
    const r = await runCli(dir, argv, { env });
    expect(r.code, `${argv.join(" ")}: ${r.stderr}${r.stdout}`).toBe(0);
    return r;
  };
  await ok("init", "--dialect", "mysql");
  useSchemaFile(dir);
  await db.reset();
  writeFileSync(join(dir, "schema.ts"), schema('varchar("display_name", { length: 100 })'));
  await ok("migrate", "-m", "users");
  await ok("upgrade", "head");
  writeFileSync(join(dir, "schema.ts"), schema('text("display_name")'));
  const staged = await ok("migrate", "-m", "display name text");
  expect(staged.stdout).toContain("(contract)");
  const ids = (suffix: string) =>
    readdirSync(join(dir, "migrations/versions"))
      .filter((f) => f.endsWith(suffix))
      .map((f) => f.split("_")[0] ?? "");
  const [base] = ids("_users.ts");
  const [expand] = ids("_expand.ts");
  const [migrate] = ids("_backfill.ts");
  const [contract] = ids("_contract.ts");
  if (!base || !expand || !migrate || !contract) throw new Error("autogenerate wrote other revisions");
  return { dir, base, staged: [expand, migrate, contract] };
}

/**
 * The database every trial starts from: athanor's tables and users dropped, `upgrade <base>`,
 * then `rows` users (every 7th display name NULL, some not ASCII) — in this process, as the
 * interrupted run alone is on trial.
 */
export async function resetToBase(
  project: ContractProject,
  db: ScratchDatabase,
  rows: number,
): Promise<void> {
  await db.reset();
  const up = await runCli(project.dir, ["upgrade", project.base], { env: { DATABASE_URL: db.url } });
  expect(up.code, up.stderr).toBe(0);
  await db.query(
    "INSERT INTO users (email, display_name) SELECT CONCAT('u', seq, '@x'), " +
      `IF(seq % 7 = 0, NULL, CONCAT(IF(seq % 5 = 0, 'Zoë ', 'name '), seq)) FROM seq_1_to_${rows}`,
  );
}

/**
 * Everything a trial compares with an uninterrupted run, read from information_schema: every
 * row of users, the columns (type, nullability, default, position), indexes and triggers of the
 * tables besides athanor's, the introspected model, the version table and backfill cursors left.
 */
export async function contractSnapshot(db: ScratchDatabase): Promise<Record<string, unknown>> {
  const q = (sql: string) => db.query(sql);
  const mine = "TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'athanor%'";
  const cursors = await q(
    "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'athanor_version_backfill'",
  );
  return {
    rows: JSON.stringify(await q("SELECT id, email, display_name FROM users ORDER BY id")),
    columns: await q(
      "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, " +
        `CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS WHERE ${mine} ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    ),
    indexes: await q(
      "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS " +
        `WHERE ${mine} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    ),
    triggers: await q(
      "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_ORDER, ACTION_STATEMENT " +
        "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY TRIGGER_NAME",
    ),
    model: await db.model(),
    version: await db.versionRows(),
    cursorsLeft:
      Number(cursors[0]?.n) === 0
        ? 0
        : Number((await q("SELECT COUNT(*) AS n FROM athanor_version_backfill"))[0]?.n),
  };
}
