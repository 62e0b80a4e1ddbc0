import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildBin } from "../reliability/bin-process.js";
import { runCli, tempDir, useSchemaFile } from "../testing/harness.js";
import { mariadbStageBackend } from "../testing/mariadb-stage-backend.js";
import type { StageBackend } from "../testing/stage-suite.js";

// A user's walk on MariaDB: a staged type change (varchar(100) → text) is applied, and the
// contract's downgrade stops part-way (its DDL has committed, the backfill back fails: in the walk
// on a value too long for varchar(100), which the generated downgrade now checks before its first
// statement; here a hand-written trigger refuses the backfill's update of row 1). Then:
// - `check` and autogenerate used to read the half-reverted table as drift ("find out who changed
//   the database by hand") and propose dropping the recipe's column; they refuse now, naming the
//   partial run and its next step, and change nothing;
// - that next step, `athanor downgrade --resume`, was refused by the argument parser ("Missing
//   required argument 'target'"); it runs now and finishes the revision with every row.
let backend: StageBackend;
let dir: string;
beforeAll(async () => {
  await buildBin();
  backend = await mariadbStageBackend("partial_check");
  dir = tempDir("athanor-partial-check-my-");
  const init = await runCli(dir, ["init", "--dialect", "mysql"], { env: backend.env });
  expect(init.code, init.stderr).toBe(0);
  useSchemaFile(dir);
}, 300_000);
afterAll(async () => {
  await backend?.dispose();
});

const schema = (
  displayName: string,
) => `import { int, mysqlTable, text, varchar } from "drizzle-orm/mysql-core";
export const users = mysqlTable("users", {
  id: int().primaryKey().autoincrement(),
  email: varchar({ length: 255 }).notNull(),
  displayName: ${displayName},
});`;
const cli = (...argv: string[]) => runCli(dir, argv, { env: backend.env });
const ok = async (...argv: string[]) => {
  const r = await cli(...argv);
  expect(r.code, `${argv.join(" ")}: ${r.stderr}${r.stdout}`).toBe(0);
  return r;
};
const columns = async () =>
  (
    await backend.query(
      "SELECT COLUMN_NAME AS n, COLUMN_TYPE AS t FROM information_schema.COLUMNS " +
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION",
    )
  ).map((r) => `${String(r.n)} ${String(r.t)}`);
const rows = () => backend.query("SELECT id, email, display_name FROM users ORDER BY id");
const versions = () => readdirSync(join(dir, "migrations/versions")).sort();

test("a downgrade stopped part-way: check and autogenerate refuse with its next step, and `downgrade --resume` (no target) finishes it", async () => {
  writeFileSync(join(dir, "schema.ts"), schema('varchar("display_name", { length: 100 })'));
  await ok("migrate", "-m", "users");
  await ok("upgrade");
  await backend.query(
    "INSERT INTO users (email, display_name) SELECT CONCAT('u', seq, '@x'), CONCAT('name ', seq) FROM seq_1_to_300",
  );
  writeFileSync(join(dir, "schema.ts"), schema('text("display_name")'));
  const staged = await ok("migrate", "-m", "display name text");
  expect(staged.stdout).toContain("(contract)");
  await ok("upgrade");
  await ok("check");
  const contract = (await ok("heads")).stdout.trim().split(/\s/)[0] ?? "";

  // the contract's downgrade fails in its backfill, after its DDL committed
  await backend.query(
    "CREATE TRIGGER users_hold_row_1 BEFORE UPDATE ON users FOR EACH ROW BEGIN IF NEW.id = 1 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'row 1 is held'; END IF; END",
  );
  const failed = await cli("downgrade", "-1");
  expect(failed.code).toBe(1);
  expect(failed.stderr).toContain("row 1 is held");
  expect(failed.stderr).toContain("`athanor downgrade --resume`");
  const halfway = { columns: await columns(), rows: await rows(), files: versions() };
  expect(halfway.columns).toContain("display_name_new text");

  for (const argv of [["check"], ["revision", "--autogenerate", "-m", "again"]]) {
    const refused = await cli(...argv);
    expect(refused.code, `${argv.join(" ")}: ${refused.stdout}`).toBe(1);
    expect(refused.stderr, argv.join(" ")).toContain("error[ATHANOR_PARTIAL_REVISION]");
    expect(refused.stderr).toContain(`the downgrade of revision ${contract} stopped part-way`);
    expect(refused.stderr).toContain("Next: `athanor downgrade --resume` finishes it");
    expect(refused.stdout).not.toContain("differences");
  }
  expect({ columns: await columns(), rows: await rows(), files: versions() }).toEqual(halfway);

  // what the refusal says to do, once the row is let go
  await backend.query("DROP TRIGGER users_hold_row_1");
  const resumed = await ok("downgrade", "--resume");
  expect(resumed.stdout).toContain(`reverted ${contract}`);
  expect(await columns()).toEqual([
    "id int(11)",
    "email varchar(255)",
    "display_name varchar(100)",
    "display_name_new text",
  ]);
  const after = await rows();
  expect(after).toHaveLength(300);
  expect(after[0]).toEqual({ id: 1, email: "u1@x", display_name: "name 1" });
  expect(after[299]).toEqual({ id: 300, email: "u300@x", display_name: "name 300" });

  // a plain `downgrade` still needs its target
  const bare = await cli("downgrade");
  expect(bare.code).toBe(2);
  expect(bare.stderr).toContain("downgrade needs a target");

  await ok("upgrade");
  await ok("check");
}, 600_000);
