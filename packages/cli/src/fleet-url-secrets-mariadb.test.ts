import { randomBytes } from "node:crypto";
import type { Connection } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { writeFleetProject } from "./testing/fleet-project.js";

// A fleet's database URLs carry credentials: in the userinfo, or in a query parameter mysql2
// reads a secret from (`?password=`, `ssl={"passphrase":…}`). Every fleet command prints its
// targets' failures (text and --json); none may print a secret. Before, a URL naming no database
// was echoed with its query as written (`?password=S3cret…` on stderr and in the JSON meta).
// Also: a target name holding an OSC 8 hyperlink and a bidi override is refused, shown escaped.
// Built CLI (spawned bin.js) on the real MariaDB 10.11, database fleetsecret_*, a user with a password.
const SERVER = new URL(process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test");
const DATABASE = "fleetsecret_a";
const user = `athanor_fs_${randomBytes(4).toString("hex")}`;
const SECRET = `S3cret${randomBytes(6).toString("hex")}`;
const WRONG = `Wr0ng${randomBytes(6).toString("hex")}`;
let root: Connection;

beforeAll(async () => {
  await buildCli();
  root = await mysqlDialect({ url: SERVER.toString() }).connect();
  await root.executeScript([
    `DROP DATABASE IF EXISTS \`${DATABASE}\``,
    `CREATE DATABASE \`${DATABASE}\``,
    `CREATE USER '${user}'@'%' IDENTIFIED BY '${SECRET}'`,
    `GRANT ALL ON \`${DATABASE}\`.* TO '${user}'@'%'`,
  ]);
}, 300_000);
afterAll(async () => {
  await root?.executeScript([`DROP USER IF EXISTS '${user}'@'%'`, `DROP DATABASE IF EXISTS \`${DATABASE}\``]);
  await root?.close();
});

/** `mysql://user[:password]@host:port/path` on the test server. */
function url(password: string | undefined, path: string): string {
  const auth = password === undefined ? user : `${user}:${password}`;
  return `mysql://${auth}@${SERVER.hostname}:${SERVER.port || "3306"}/${path}`;
}

test("no fleet command prints a URL's password or secret parameter, in text or --json", async () => {
  const project = writeFleetProject({
    url: url(SECRET, DATABASE),
    fleets: {
      secrets: {
        databases: [
          { name: "userinfo", url: url(SECRET, DATABASE) },
          url(WRONG, DATABASE), // named host:port/database, the password rejected
          { name: "query", url: url(undefined, `?password=${SECRET}`) },
          { name: "ssl", url: url(undefined, `?ssl=${encodeURIComponent(`{"passphrase":"${SECRET}"}`)}`) },
        ],
      },
    },
  });
  const commands = [
    ["upgrade", "--fleet"],
    ["upgrade", "--fleet", "--json"],
    ["current", "--fleet"],
    ["status", "--fleet"],
    ["status", "--fleet", "--json"],
    ["checksums", "--fleet"],
    ["checksums", "--fleet", "--json"],
    ["checksums", "accept", "r1", "--fleet"],
  ];
  for (const argv of commands) {
    const run = await spawnCli(project, argv, {});
    const output = run.stdout + run.stderr;
    expect(run.code, `${argv.join(" ")}\n${output}`).not.toBe(0);
    expect(output, argv.join(" ")).toContain("query");
    for (const secret of [SECRET, WRONG]) expect(output, argv.join(" ")).not.toContain(secret);
  }
  // the failures still say which URL, with the secrets masked
  const upgrade = await spawnCli(project, ["upgrade", "--fleet", "--json"], {});
  const errors = JSON.parse(upgrade.stdout).records.map(
    (r: { target: string; error: { code: string; meta: { url?: string } } | null }) => [
      r.target,
      r.error?.code ?? null,
      r.error?.meta.url ?? null,
    ],
  );
  const host = `${SERVER.hostname}:${SERVER.port || "3306"}`;
  expect(errors).toEqual(
    expect.arrayContaining([
      ["userinfo", null, null],
      [`${host}/${DATABASE}`, "ATHANOR_CONNECTION_FAILED", `mysql://${user}:***@${host}/${DATABASE}`],
      ["query", "ATHANOR_CONNECTION_FAILED", `mysql://${user}@${host}/?password=***`],
      ["ssl", "ATHANOR_CONNECTION_FAILED", `mysql://${user}@${host}/?ssl=***`],
    ]),
  );
}, 300_000);

test("a target name holding terminal escapes is refused before anything connects, shown escaped", async () => {
  const hostile = `t\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u202e\r\u001b[2Kok`;
  const project = writeFleetProject({
    url: url(SECRET, DATABASE),
    fleets: { hostile: { databases: [{ name: hostile, url: url(SECRET, DATABASE) }] } },
  });
  for (const argv of [
    ["upgrade", "--fleet"],
    ["checksums", "--fleet"],
    ["status", "--fleet", "--json"],
  ]) {
    const run = await spawnCli(project, argv, {});
    const output = run.stdout + run.stderr;
    expect(run.code, output).toBe(1);
    expect(output).toContain("ATHANOR_FLEET_TARGET_INVALID");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these
    expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(output).not.toContain(SECRET);
  }
}, 300_000);
