import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { addConfigField } from "./testing/config-field.js";
import { ok, tempDir, useSchemaFile } from "./testing/harness.js";
import { setBody } from "./testing/sample-database-project.js";

const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const CODE = "ATHANOR_SERVER_VERSION_MISMATCH";

// `mysql.serverVersion` names the server offline `--sql` renders for and lint judges by (upgrade's
// lint gate included). A connected run renders for the server it finds; when that is another
// flavour, or a version across one at which rendering or lint changes, the built CLI says so
// (stderr and --json `warnings`) instead of leaving the scripts and the gate silently judged for
// another server. Against the real MariaDB 10.11.
describe("a connected run on MariaDB, against the config's mysql.serverVersion", () => {
  let db: TestDatabase;
  let actual: string;

  beforeAll(async () => {
    await buildCli();
    db = await createTestDatabase({ url: SERVER, prefix: "server_mismatch" });
    const conn = await db.connect();
    try {
      actual = String((await conn.query<{ v: string }>("SELECT VERSION() AS v")).rows[0]?.v);
    } finally {
      await conn.close();
    }
  }, 300_000);
  afterAll(async () => db?.dispose());

  /** A project whose config names `serverVersion` (none: undefined), with one revision. */
  async function project(serverVersion: string | undefined): Promise<string> {
    const dir = tempDir("athanor-server-mismatch-");
    await ok(dir, ["init", "--dialect", "mysql"]);
    await ok(dir, ["revision", "-m", "create t", "--rev-id", "aa0000000001"]);
    setBody(
      dir,
      "aa0000000001",
      'op.createTable("t", { columns: [{ name: "id", type: "int", nullable: false }] })',
      'op.dropTable("t")',
    );
    if (serverVersion !== undefined)
      addConfigField(dir, `mysql: { serverVersion: ${JSON.stringify(serverVersion)} }`);
    return dir;
  }

  /** `upgrade --json` then `downgrade base` through the built CLI: the warnings of the upgrade. */
  async function upgradeWarnings(
    dir: string,
  ): Promise<{ stderr: string; json: { code: string; message: string }[] }> {
    const env = { DATABASE_URL: db.url ?? "" };
    const up = await spawnCli(dir, ["upgrade", "--json"], env);
    expect(up.code, up.stderr).toBe(0);
    const down = await spawnCli(dir, ["downgrade", "base"], env);
    expect(down.code, down.stderr).toBe(0);
    return { stderr: up.stderr, json: JSON.parse(up.stdout).warnings };
  }

  it("config MySQL 8.0.16, server MariaDB: a coded warning on stderr and in --json", async () => {
    const { stderr, json } = await upgradeWarnings(await project("8.0.16"));
    const [major, minor, patch] = /^(\d+)\.(\d+)\.(\d+)/.exec(actual)?.slice(1) ?? [];
    const message = `mysql.serverVersion names MySQL 8.0.16, but the server connected to is MariaDB ${major}.${minor}.${patch} (another server): this run renders for the server, while offline --sql scripts and lint (upgrade's lint gate too) follow the config. Set mysql: { serverVersion: "${major}.${minor}.${patch}-MariaDB" }`;
    expect(json).toEqual([{ code: CODE, message }]);
    expect(stderr.split("\n").filter((l) => l.includes(CODE))).toEqual([`warning: ${CODE}: ${message}`]);
  }, 120_000);

  it("config MariaDB 10.3, server MariaDB 10.11: across 10.4, where lint changes", async () => {
    const { json } = await upgradeWarnings(await project("10.3.39-MariaDB"));
    expect(json.map((w) => w.code)).toEqual([CODE]);
    expect(json[0]?.message).toContain("(on the other side of 10.4.0)");
  }, 120_000);

  it("no warning for another patch release of the same server, nor without the setting", async () => {
    const other = actual.replace(/^(\d+\.\d+)\.\d+/, "$1.0");
    expect(other).not.toBe(actual);
    for (const dir of [await project(other), await project(undefined)]) {
      const { stderr, json } = await upgradeWarnings(dir);
      expect(json).toEqual([]);
      expect(stderr).not.toContain(CODE);
    }
  }, 120_000);

  it("check says it too (stderr and --json warnings), and not for the server's own version", async () => {
    const env = { DATABASE_URL: db.url ?? "" };
    const checked = async (serverVersion: string) => {
      const dir = await project(serverVersion);
      useSchemaFile(dir);
      writeFileSync(
        join(dir, "schema.ts"),
        'import { int, mysqlTable } from "drizzle-orm/mysql-core";\nexport const t = mysqlTable("t", { id: int("id").notNull() });\n',
      );
      const up = await spawnCli(dir, ["upgrade"], env);
      expect(up.code, up.stderr).toBe(0);
      const check = await spawnCli(dir, ["check", "--json"], env);
      const down = await spawnCli(dir, ["downgrade", "base"], env);
      expect(down.code, down.stderr).toBe(0);
      expect(check.code, check.stderr).toBe(0);
      return { stderr: check.stderr, warnings: JSON.parse(check.stdout).warnings as { code: string }[] };
    };
    const mismatched = await checked("8.0.16");
    expect(mismatched.warnings.map((w) => w.code)).toEqual([CODE]);
    expect(mismatched.stderr).toContain(`warning: ${CODE}: mysql.serverVersion names MySQL 8.0.16`);
    const own = await checked(actual);
    expect(own.warnings).toEqual([]);
    expect(own.stderr).not.toContain(CODE);
  }, 180_000);
});
