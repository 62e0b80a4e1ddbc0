import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Connection, Dialect } from "@athanor/core";
import { sqliteDialect } from "@athanor/sqlite";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runCli, tempDir } from "./testing/harness.js";
import { CLI_BIN, inShell } from "./testing/shell-advice.js";

// One fleet mixing a PostgreSQL, a MariaDB and a SQLite database, interrupted while every target
// is inside its backfill — by SIGINT, then by kill -9 — each time: `status --fleet` names every
// target stopped part-way with its own resume command, those commands pasted into a shell finish
// the fleet, and every target ends at the head with the rows of an uninterrupted fleet. Each
// database is this file's own.
const MYSQL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const PG = process.env.ATHANOR_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const REVISIONS: Readonly<Record<string, string>> = {
  "w1_users.mjs": `const rows = Array.from({ length: 300 }, (_, i) => "(" + (i + 1) + ", 'User" + (i + 1) + "@Example.com')");
export default defineRevision({
  id: "w1", parents: [], message: "users",
  upgrade(op) {
    op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "email", type: "varchar(200)" }], primaryKey: ["id"] });
    op.execute("INSERT INTO users (id, email) VALUES " + rows.join(", "));
  },
  downgrade(op) { op.dropTable("users"); },
});`,
  "w2_lower.mjs": `export default defineRevision({
  id: "w2", parents: ["w1"], message: "email_lower",
  upgrade(op) { op.addColumn("users", { name: "email_lower", type: "varchar(200)" }); },
  downgrade(op) { op.dropColumn("users", "email_lower"); },
});`,
  "w3_backfill.mjs": `export default defineRevision({
  id: "w3", parents: ["w2"], message: "backfill", phase: "migrate",
  async upgrade(op) { await op.backfill({ table: "users", set: { email_lower: "lower(email)" }, where: "email_lower IS NULL", batchSize: 2 }); },
  downgrade() {},
});`,
  "w4_audit.mjs": `export default defineRevision({
  id: "w4", parents: ["w3"], message: "audit",
  upgrade(op) {
    op.createTable("audit", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "note", type: "varchar(200)" }], primaryKey: ["id"] });
    op.execute("INSERT INTO audit (id, note) SELECT id, email_lower FROM users WHERE id <= 5");
  },
  downgrade(op) { op.dropTable("audit"); },
});`,
};

interface Member {
  readonly name: string;
  readonly url: string;
  readonly dialect: Dialect;
}
const servers: TestDatabase[] = [];
let project: string;
let mixed: Member[];
let reference: Member[];

beforeAll(async () => {
  project = tempDir("athanor-fleet-mixed-");
  writeFileSync(join(project, "package.json"), "{}\n");
  mkdirSync(join(project, "migrations/versions"), { recursive: true });
  for (const [file, text] of Object.entries(REVISIONS))
    writeFileSync(
      join(project, "migrations/versions", file),
      `const defineRevision = (definition) => definition;\n${text}\n`,
    );
  symlinkSync(join(import.meta.dirname, "../node_modules"), join(project, "node_modules"), "dir");
  const trio = async (label: string): Promise<Member[]> => {
    const pg = await createTestDatabase({ url: PG, prefix: "fleetint" });
    const maria = await createTestDatabase({ url: MYSQL, prefix: "fleetint" });
    servers.push(pg, maria);
    const file = join(project, `${label}.db`);
    return [
      { name: `${label}-pg`, url: pg.url as string, dialect: pg.dialect },
      { name: `${label}-maria`, url: maria.url as string, dialect: maria.dialect },
      { name: `${label}-lite`, url: `file:${file}`, dialect: sqliteDialect({ file }) },
    ];
  };
  mixed = await trio("mixed");
  reference = await trio("ref");
  const fleet = (members: Member[]) => ({ databases: members.map(({ name, url }) => ({ name, url })) });
  writeFileSync(
    join(project, "athanor.config.mjs"),
    `export default ${JSON.stringify({ url: mixed[0]?.url, fleets: { mixed: fleet(mixed), ref: fleet(reference) } })};\n`,
  );
}, 120_000);
afterAll(async () => {
  for (const member of [...(mixed ?? []), ...(reference ?? [])]) await member.dialect.close?.();
  for (const server of servers) await server.dispose();
});

/** Reads one target with a session of its own. */
async function read<T>(member: Member, sql: string): Promise<T[]> {
  const conn: Connection = await member.dialect.connect();
  try {
    return (await conn.query<T>(sql)).rows;
  } finally {
    await conn.close();
  }
}

/** Every target's users and audit rows, as text: the fleet's data to compare. */
async function rowsOf(members: Member[]): Promise<string[]> {
  const out: string[] = [];
  for (const member of members) {
    const users = await read<Record<string, unknown>>(
      member,
      "SELECT id, email, email_lower FROM users ORDER BY id",
    );
    const audit = await read<Record<string, unknown>>(member, "SELECT id, note FROM audit ORDER BY id");
    out.push(
      JSON.stringify([
        users.map((r) => [Number(r.id), r.email, r.email_lower]),
        audit.map((r) => [Number(r.id), r.note]),
      ]),
    );
  }
  return out;
}

/** True once the target is inside w3: at w2 with some rows backfilled. */
async function inBackfill(member: Member): Promise<boolean> {
  try {
    const heads = await read<{ v: string }>(member, "SELECT version_num AS v FROM athanor_version");
    const [done] = await read<{ n: unknown }>(
      member,
      "SELECT COUNT(*) AS n FROM users WHERE email_lower IS NOT NULL",
    );
    return heads.length === 1 && heads[0]?.v === "w2" && Number(done?.n) > 0;
  } catch {
    return false; // its tables are not there yet
  }
}

/** Starts `upgrade --fleet mixed` as its own process; resolves once every target is in its backfill. */
async function upgradeUntilEveryBackfill(): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI_BIN, "upgrade", "--fleet", "mixed", "--ignore-lint-errors"], {
    cwd: project,
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? (signal === null ? null : -1))),
  );
  const deadline = Date.now() + 90_000;
  for (;;) {
    const states = await Promise.all(mixed.map(inBackfill));
    if (states.every(Boolean)) return { child, exited };
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`not every target reached its backfill: ${JSON.stringify(states)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `status --fleet mixed` after the interruption: each target part-way, each resume command pasted in a shell. */
async function resumeAsAdvised(): Promise<void> {
  const status = await runCli(project, ["status", "--fleet", "mixed"]);
  expect(status.code).toBe(1);
  expect(status.stdout).toContain(
    "3 target(s) behind the head: resume the 3 stopped part-way first (below), then run `athanor upgrade --fleet mixed`.",
  );
  const commands = [...status.stdout.matchAll(/^ {2}(\S+): w3 — `(athanor upgrade [^`]+)`$/gm)];
  expect(commands.map((m) => [m[1], m[2]])).toEqual(
    mixed.map((m) => [m.name, `athanor upgrade --fleet mixed --target ${m.name} --phase expand --resume`]),
  );
  for (const [, , command] of commands) {
    const resumed = inShell(project, `${command} --ignore-lint-errors`);
    expect(resumed.code, resumed.out).toBe(0);
  }
  const after = await runCli(project, ["status", "--fleet", "mixed"]);
  expect(after.stdout).toContain("Every target is at the head.");
  expect(after.code, after.stdout).toBe(0);
}

test("SIGINT, then kill -9, inside every target's backfill: status tells each target's truth, its advice finishes it, the rows equal an uninterrupted run", async () => {
  const whole = await runCli(project, ["upgrade", "--fleet", "ref", "--ignore-lint-errors"]);
  expect(whole.code, whole.stdout + whole.stderr).toBe(0);
  const expected = await rowsOf(reference);

  const first = await upgradeUntilEveryBackfill();
  first.child.kill("SIGINT");
  expect(await first.exited).toBe(130);
  await resumeAsAdvised();
  expect(await rowsOf(mixed)).toEqual(expected);

  // back to w1 (the column and its values gone), then the same deploy killed outright
  const down = await runCli(project, ["downgrade", "w1", "--fleet", "mixed"]);
  expect(down.code, down.stdout + down.stderr).toBe(0);
  const second = await upgradeUntilEveryBackfill();
  second.child.kill("SIGKILL");
  await second.exited;
  await resumeAsAdvised();
  expect(await rowsOf(mixed)).toEqual(expected);
}, 300_000);
