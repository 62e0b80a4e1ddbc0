import { existsSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { afterAll, beforeAll, expect, test } from "vitest";
import { writeFleetProject } from "./testing/fleet-project.js";
import { runCli } from "./testing/harness.js";
import { inShell } from "./testing/shell-advice.js";

// A fleet target's advice addresses that target (`--fleet F --target T`), its name one shell
// word however hostile, and the advice works when pasted into a shell. MariaDB databases
// fleettgt_* on one server (DDL commits, so a failing revision stops part-way).
const MYSQL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const HOSTILE = "fleettgt_$(touch PWNED) 'q;x";
const PLAIN = "fleettgt_a";
const TENANTS = [PLAIN, HOSTILE];
const q = (name: string) => `\`${name.replaceAll("`", "``")}\``;
let maria: Connection;

// r5: a table (DDL, committed at once), then a statement that needs `needed`, which the hostile
// tenant lacks: it stops part-way there, after statement #0.
const R5 = `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "r5", parents: ["r4"], message: "t5",
  upgrade(op) {
    op.createTable("t5", { columns: [{ name: "id", type: "integer", nullable: false }], primaryKey: ["id"] });
    op.execute("INSERT INTO t5 SELECT id FROM needed");
  },
  downgrade(op) { op.dropTable("t5"); },
});
`;

beforeAll(async () => {
  maria = await mysqlDialect({ url: MYSQL }).connect();
  await maria.executeScript(
    TENANTS.flatMap((d) => [`DROP DATABASE IF EXISTS ${q(d)}`, `CREATE DATABASE ${q(d)}`]),
  );
  await maria.executeScript([
    `CREATE TABLE ${q(PLAIN)}.needed (id int)`,
    `INSERT INTO ${q(PLAIN)}.needed VALUES (7)`,
  ]);
}, 60_000);
afterAll(async () => {
  await maria?.executeScript(TENANTS.map((d) => `DROP DATABASE IF EXISTS ${q(d)}`));
  await maria?.close();
});

const heads = async (db: string) =>
  (await maria.query<{ v: string }>(`SELECT version_num AS v FROM ${q(db)}.athanor_version`)).rows.map(
    (r) => r.v,
  );

test("a part-way target's advice names it with --fleet/--target, quoted; followed in a shell it acts on that target only", async () => {
  const project = writeFleetProject({ url: MYSQL, fleets: { maria: { url: MYSQL, schemas: TENANTS } } });
  symlinkSync(join(import.meta.dirname, "../node_modules"), join(project, "node_modules"), "dir");
  writeFileSync(join(project, "migrations/versions/r5_t5.mjs"), R5);

  const run = await runCli(project, ["upgrade", "--fleet", "maria", "--json"]);
  expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
  expect(JSON.parse(run.stdout), run.stdout).toHaveProperty("records");
  const records = JSON.parse(run.stdout).records as {
    target: string;
    status: string;
    error?: { code: string; message: string };
  }[];
  expect(records.map((r) => [r.target, r.status])).toEqual([
    [PLAIN, "changed"],
    [HOSTILE, "failed"],
  ]);
  const message = records[1]?.error?.message ?? "";
  const address = `--fleet maria --target 'fleettgt_$(touch PWNED) '\\''q;x'`;
  // both ways on address the target: resume it, or undo by hand and stamp it where it was
  expect(message).toContain(`\`athanor upgrade ${address} --resume\``);
  const stampAdvice = /then `(athanor stamp r4 [^`]*)`/.exec(message)?.[1];
  expect(stampAdvice).toBe(`athanor stamp r4 ${address}`);
  // nothing that would act on the config's database instead
  const commands = [...message.matchAll(/`(athanor [^`]*)`/g)].map((m) => m[1] as string);
  expect(commands.length).toBeGreaterThanOrEqual(2);
  for (const command of commands) expect(command).toContain(address);

  const status = await runCli(project, ["status", "--fleet", "maria"]);
  expect(status.code).toBe(1);
  // a plain upgrade would refuse the part-way target: the screen says to resume it first
  expect(status.stdout).toContain(
    "1 target(s) behind the head: resume the 1 stopped part-way first (below), then run `athanor upgrade --fleet maria`.",
  );
  expect(status.stdout).toContain(
    `Stopped part-way (resume each with the command shown):\n  ${HOSTILE}: r5 — \`athanor upgrade ${address} --resume\``,
  );

  // undo statement #0 by hand, then the advice as pasted: only the hostile tenant is stamped
  await maria.executeScript([`DROP TABLE ${q(HOSTILE)}.t5`]);
  const stamped = inShell(project, stampAdvice as string);
  expect(stamped.code, stamped.out).toBe(0);
  // one target: the stamp clears its part-way row, its heads stay r4
  expect(stamped.out).toContain("Fleet maria: stamp to r4 — 0 changed, 1 unchanged, 0 failed, 0 skipped.");
  expect(existsSync(join(project, "PWNED"))).toBe(false);
  expect(await heads(HOSTILE)).toEqual(["r4"]);
  expect(await heads(PLAIN)).toEqual(["r5"]);
  const after = await runCli(project, ["status", "--fleet", "maria", "--target", HOSTILE]);
  expect(after.stdout).not.toContain("Stopped part-way");

  // and the target alone is upgraded once it has what r5 needs
  await maria.executeScript([
    `CREATE TABLE ${q(HOSTILE)}.needed (id int)`,
    `INSERT INTO ${q(HOSTILE)}.needed VALUES (8)`,
  ]);
  const resumed = await runCli(project, ["upgrade", "--fleet", "maria", "--target", HOSTILE, "--json"]);
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(
    JSON.parse(resumed.stdout).records.map((r: { target: string; status: string }) => [r.target, r.status]),
  ).toEqual([[HOSTILE, "changed"]]);
  expect((await maria.query(`SELECT id FROM ${q(HOSTILE)}.t5`)).rows).toEqual([{ id: 8 }]);
}, 180_000);

test("--target: an unknown name is a usage error before anything runs; without --fleet it is refused", async () => {
  const project = writeFleetProject({ url: MYSQL, fleets: { maria: { url: MYSQL, schemas: TENANTS } } });
  const unknown = await runCli(project, ["upgrade", "--fleet", "maria", "--target", "nope\u001b[2J"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('Fleet maria has no target named "nope\\x1b[2J"');
  const alone = await runCli(project, ["upgrade", "--target", PLAIN]);
  expect(alone.code).toBe(2);
  expect(alone.stderr).toContain("--target only apply with --fleet");
}, 60_000);
