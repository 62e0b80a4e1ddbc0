import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runCli, tempDir, useSchemaFile } from "./testing/harness.js";
import { type MariadbDatabases, mariadbDatabases } from "./testing/mariadb-databases.js";

// A newcomer on MariaDB following getting-started.md with a mysql:// URL: offline `upgrade --sql`
// renders for the oldest supported MySQL (athanor cannot ask the server), which has no expression
// default, so a TEXT column's default was refused with "upgrade the server" — wrong advice for a
// current MariaDB. The refusal now names the ways out, and each works on the real server.

const name = `athanor_cli_assumed_server_${process.pid}`;
let databases: MariadbDatabases;

beforeAll(async () => {
  databases = await mariadbDatabases([name]);
}, 120_000);
afterAll(async () => databases?.dispose());

test("offline --sql for a mysql:// URL refuses a TEXT default with the ways out, and both work", async () => {
  const dir = tempDir("athanor-assumed-server-");
  const url = databases.urlOf(name);
  const cli = (env: Record<string, string>, ...argv: string[]) => runCli(dir, argv, { env });
  expect((await cli({}, "init", "--dialect", "mysql")).code).toBe(0);
  useSchemaFile(dir);
  writeFileSync(
    join(dir, "schema.ts"),
    `import { int, mysqlTable, text } from "drizzle-orm/mysql-core";
export const posts = mysqlTable("posts", { id: int().primaryKey(), body: text().notNull().default("") });
`,
  );
  const made = await cli({ DATABASE_URL: url }, "migrate", "-m", "posts");
  expect(made.code, made.stderr).toBe(0);

  const assumed = await cli({ DATABASE_URL: url }, "upgrade", "--sql");
  expect(assumed.code).toBe(1);
  expect(assumed.stderr).toContain("ATHANOR_UNSUPPORTED");
  expect(assumed.stderr).toContain("if the server is MariaDB, use a mariadb:// URL");
  expect(assumed.stderr).not.toContain("upgrade the server");

  const mariadb = await cli({ DATABASE_URL: url.replace(/^mysql:/, "mariadb:") }, "upgrade", "--sql");
  expect(mariadb.code, mariadb.stderr).toBe(0);
  expect(mariadb.stdout).toContain("`body` text NOT NULL DEFAULT ''");
  // connected, the server's version is read: the same URL applies
  const up = await cli({ DATABASE_URL: url }, "upgrade");
  expect(up.code, up.stderr).toBe(0);
  expect((await cli({ DATABASE_URL: url }, "check")).code).toBe(0);
}, 300_000);
