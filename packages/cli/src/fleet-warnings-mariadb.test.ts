import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Connection } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { afterAll, beforeAll, expect, test } from "vitest";
import { writeFleetProject } from "./testing/fleet-project.js";
import { runCli } from "./testing/harness.js";

// `upgrade` on one MariaDB database warns ATHANOR_PROCESS_PRIVILEGE_MISSING when the user lacks
// PROCESS and a revision runs an op.requireNoDependents check; `upgrade --fleet` and
// `downgrade --fleet` ran the same checks on every target and said nothing. Now each target's
// warnings are printed on stderr naming the target, and listed in its `--json` record.
// MariaDB 10.11, databases fleetwarn_*, a user without PROCESS created for the test.
const MYSQL = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const CODE = "ATHANOR_PROCESS_PRIVILEGE_MISSING";
const TENANTS = ["fleetwarn_a", "fleetwarn_b"];
const user = `athanor_fw_${randomBytes(4).toString("hex")}`;
let maria: Connection;

// r5 checks in its upgrade, r6 in its downgrade (r1–r4: no check, nothing to warn of)
const lintIgnore = `lint: { ignore: [{ rule: "my/drop-column", reason: "a test table no code reads" }] },`;
const EXTRA: Readonly<Record<string, string>> = {
  "r5_drop.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "r5", parents: ["r4"], message: "drop email_lower", ${lintIgnore}
  upgrade(op) { op.requireNoDependents("users", ["email_lower"]); op.dropColumn("users", "email_lower"); },
  downgrade(op) { op.addColumn("users", { name: "email_lower", type: "varchar(200)" }); },
});`,
  "r6_note.mjs": `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "r6", parents: ["r5"], message: "users.note", ${lintIgnore}
  upgrade(op) { op.addColumn("users", { name: "note", type: "varchar(20)" }); },
  downgrade(op) { op.requireNoDependents("users", ["note"]); op.dropColumn("users", "note"); },
});`,
};

beforeAll(async () => {
  maria = await mysqlDialect({ url: MYSQL }).connect();
  await maria.executeScript([
    ...TENANTS.flatMap((d) => [`DROP DATABASE IF EXISTS \`${d}\``, `CREATE DATABASE \`${d}\``]),
    `CREATE USER '${user}'@'%' IDENTIFIED BY 'pw'`,
    ...TENANTS.map((d) => `GRANT ALL ON \`${d}\`.* TO '${user}'@'%'`),
  ]);
}, 120_000);
afterAll(async () => {
  await maria?.executeScript([
    `DROP USER IF EXISTS '${user}'@'%'`,
    ...TENANTS.map((d) => `DROP DATABASE IF EXISTS \`${d}\``),
  ]);
  await maria?.close();
});

test("upgrade/downgrade --fleet print each target's warnings naming it and list them per record in --json", async () => {
  const url = new URL(MYSQL);
  url.username = user;
  url.password = "pw";
  url.pathname = `/${TENANTS[0]}`;
  const project = writeFleetProject({
    url: url.toString(),
    fleets: { tenants: { url: url.toString(), schemas: TENANTS } },
  });
  for (const [name, text] of Object.entries(EXTRA))
    writeFileSync(join(project, "migrations/versions", name), `${text}\n`);
  const lineOf = (target: string) =>
    `warning: ${CODE}: ${target}: the op.requireNoDependents checks may miss objects outside the models: this user lacks the PROCESS privilege`;
  const count = (text: string, part: string) => text.split(part).length - 1;

  // no check in r1–r4: no warning, and every record says so
  const plain = await runCli(project, ["upgrade", "r4", "--fleet", "--json"]);
  expect(plain.code, plain.stderr + plain.stdout).toBe(0);
  expect(plain.stderr).not.toContain(CODE);
  const plainRecords = JSON.parse(plain.stdout).records;
  expect(plainRecords.map((r: { warnings: unknown }) => r.warnings)).toEqual([[], []]);

  // r5's check runs on both targets: one warning each, naming the target (text form)
  const up = await runCli(project, ["upgrade", "r5", "--fleet"]);
  expect(up.code, up.stderr).toBe(0);
  for (const target of TENANTS) expect(count(up.stderr, lineOf(target)), up.stderr).toBe(1);
  expect(count(up.stderr, `warning: ${CODE}`)).toBe(2);

  // r6's downgrade checks: --json lists the warning in each target's record, stderr says it too
  expect((await runCli(project, ["upgrade", "--fleet"])).code).toBe(0);
  const down = await runCli(project, ["downgrade", "r5", "--fleet", "--json"]);
  expect(down.code, down.stderr).toBe(0);
  for (const target of TENANTS) expect(count(down.stderr, lineOf(target)), down.stderr).toBe(1);
  const records = JSON.parse(down.stdout).records;
  expect(records.map((r: { target: string }) => r.target)).toEqual(TENANTS);
  for (const record of records)
    expect(record.warnings).toEqual([
      { code: CODE, message: expect.stringContaining("lacks the PROCESS privilege") },
    ]);
}, 240_000);
