import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildBin, runBin, startBin } from "../reliability/bin-process.js";
import { runCli, tempDir, useSchemaFile } from "../testing/harness.js";
import { mariadbStageBackend } from "../testing/mariadb-stage-backend.js";
import type { StageBackend } from "../testing/stage-suite.js";

// A unique index redefined under its name (widened from (email) to (tenant, email)) used to be
// written as two ALTERs on MySQL/MariaDB: DROP INDEX, then ADD UNIQUE. Each commits on its own, so
// between them nothing enforced the rule, and when the second failed the table was left with no
// index at all. It is one ALTER TABLE ... DROP INDEX x, ADD CONSTRAINT x UNIQUE (...) now: at every
// statement boundary of the upgrade a duplicate is rejected, and a swap that fails leaves the old
// index in place (and, one statement, resumes by running it again).
let backend: StageBackend;
let dir: string;
beforeAll(async () => {
  await buildBin();
  backend = await mariadbStageBackend("index_swap");
  dir = tempDir("athanor-index-swap-my-");
  const init = await runCli(dir, ["init", "--dialect", "mysql"], { env: backend.env });
  expect(init.code, init.stderr).toBe(0);
  // the online clauses lint asks for, so "no findings" is about the swap itself
  useSchemaFile(dir, 'mysql: { algorithm: "INPLACE", lock: "NONE" }');
}, 300_000);
afterAll(async () => {
  await backend?.dispose();
});

const schema = (
  keys: string,
) => `import { int, mysqlTable, varchar, uniqueIndex } from "drizzle-orm/mysql-core";
export const users = mysqlTable("users", { id: int("id").primaryKey().autoincrement(), tenant: int("tenant"), email: varchar("email", { length: 100 }) }, (t) => [
  uniqueIndex("users_email_uidx").on(${keys}),
]);`;
const cli = (...argv: string[]) => runCli(dir, argv, { env: backend.env });
const ok = async (...argv: string[]) => {
  const r = await cli(...argv);
  expect(r.code, `${argv.join(" ")}: ${r.stderr}${r.stdout}`).toBe(0);
  return r;
};
const definitions = async () =>
  (
    await backend.query(
      "SELECT INDEX_NAME AS n, NON_UNIQUE AS nu, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS c " +
        "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' " +
        "AND INDEX_NAME <> 'PRIMARY' GROUP BY INDEX_NAME, NON_UNIQUE ORDER BY INDEX_NAME",
    )
  ).map((r) => `${String(r.n)}${Number(r.nu) === 0 ? " unique" : ""} (${String(r.c)})`);
const OLD = ["users_email_uidx unique (email)"];
const NEW = ["users_email_uidx unique (tenant,email)"];
const duplicateRejected = () =>
  backend.query("INSERT INTO users (tenant, email) VALUES (1, 'a@x')").then(
    () => false,
    (e: Error) => /Duplicate entry/.test(e.message),
  );

test("a unique index redefined under its name is one ALTER: enforced at every statement boundary, atomic when it fails, and back", async () => {
  writeFileSync(join(dir, "schema.ts"), schema("t.email"));
  await ok("migrate", "-m", "users");
  await ok("upgrade", "head");
  await backend.query("INSERT INTO users (tenant, email) VALUES (1, 'a@x'), (2, 'b@x')");

  writeFileSync(join(dir, "schema.ts"), schema("t.tenant, t.email"));
  await ok("migrate", "-m", "widen");
  const file = readdirSync(join(dir, "migrations/versions")).find((f) => f.endsWith("_widen.ts")) ?? "";
  const source = readFileSync(join(dir, "migrations/versions", file), "utf8");
  expect(source).toContain('replaces: { existing: { type: "unique", columns: ["email"] } }');
  expect(source).not.toContain("dropConstraint");
  const lint = await ok("lint");
  expect(lint.stdout).toContain("No lint findings");

  // the uninterrupted run's statements, by the runner's own trace: the drop and the add are one
  const traced = await runBin(dir, ["upgrade", "head"], {
    ...backend.env,
    ATHANOR_TEST_TRACE_STATEMENTS: "1",
  });
  expect(traced.code, traced.stderr).toBe(0);
  expect(await definitions()).toEqual(NEW);
  const statements = [...traced.stderr.matchAll(/^athanor-test: statement (\d+): (.*)$/gm)].map(
    (m) => m[2] ?? "",
  );
  // (the history rows quote the statement too: only the ALTERs themselves)
  const drops = statements.filter(
    (s) => s.startsWith("ALTER TABLE") && s.includes("DROP INDEX `users_email_uidx`"),
  );
  expect(drops.length, statements.join("\n")).toBe(1);
  expect(drops[0]).toContain(
    "DROP INDEX `users_email_uidx`, ADD CONSTRAINT `users_email_uidx` UNIQUE (`tenant`, `email`)",
  );
  await ok("check");
  await ok("check", "--against", "migrations");
  await ok("downgrade", "-1");
  expect(await definitions()).toEqual(OLD);

  // paused just before the swap, right after it and after its progress record: the rule holds,
  // and the run resumes to the same end
  const swap = statements.findIndex(
    (s) => s.startsWith("ALTER TABLE") && s.includes("DROP INDEX `users_email_uidx`"),
  );
  expect(swap).toBeGreaterThan(0);
  const last = swap + 2;
  for (let n = swap; n <= last; n++) {
    const run = startBin(dir, ["upgrade", "head"], { ...backend.env, ATHANOR_TEST_PAUSE_AFTER: String(n) });
    expect(await run.stderrShows(`paused after statement ${n}`), `statement ${n}`).toBe(true);
    expect(await duplicateRejected(), `after statement ${n}: ${statements[n - 1]}`).toBe(true);
    process.kill(run.pid, "SIGUSR2");
    expect((await run.exited).code).toBe(0);
    expect(await definitions()).toEqual(NEW);
    if (n < last) await ok("downgrade", "-1");
  }

  // the wider rule lets another tenant use the address; the swap back then fails on the
  // duplicate, and being one statement it leaves the wider index in place (not none)
  await backend.query("INSERT INTO users (tenant, email) VALUES (2, 'a@x')");
  const refused = await cli("downgrade", "-1");
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/Duplicate entry/);
  expect(await definitions()).toEqual(NEW);
  expect(await duplicateRejected()).toBe(true);
  await backend.query("DELETE FROM users WHERE tenant = 2 AND email = 'a@x'");
  const resumed = await cli("downgrade", "-1");
  if (resumed.code !== 0) {
    expect(resumed.stderr).toContain("--resume");
    await ok("downgrade", "-1", "--resume");
  }
  expect(await definitions()).toEqual(OLD);
  expect(await backend.query("SELECT tenant, email FROM users ORDER BY id")).toEqual([
    { tenant: 1, email: "a@x" },
    { tenant: 2, email: "b@x" },
  ]);
}, 600_000);
