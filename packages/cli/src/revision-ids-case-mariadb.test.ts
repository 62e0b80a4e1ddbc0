import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "./testing/harness.js";
import { revisionFile } from "./testing/sample-database-project.js";

// Revision ids `abc` and `ABC` are two revisions to athanor's graph, but one row to MariaDB's
// version table (its primary key compares with the default, case-insensitive collation) and
// one file name on macOS and Windows. Before the graph refused them, `upgrade heads` applied
// `abc` and then failed mid-run on a duplicate key inserting `ABC`.
const SERVER = process.env.ATHANOR_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ url: SERVER, prefix: "idcase" });
});
afterAll(async () => db?.dispose());

const versions = (dir: string) => readdirSync(join(dir, "migrations", "versions")).sort();

async function tables(): Promise<string[]> {
  const conn = await db.connect();
  try {
    const rows = await conn.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1",
    );
    return rows.rows.map((r) => String(r.t));
  } finally {
    await conn.close();
  }
}

describe("revision ids that differ only in case (MariaDB 10.11, case-insensitive collation)", () => {
  it("the version table's key really takes them for one", async () => {
    const conn = await db.connect();
    try {
      await conn.query("CREATE TABLE id_probe (v varchar(32) PRIMARY KEY)");
      await conn.query("INSERT INTO id_probe VALUES ('abc')");
      await expect(conn.query("INSERT INTO id_probe VALUES ('ABC')")).rejects.toThrow(/Duplicate entry/);
      await conn.query("DROP TABLE id_probe");
    } finally {
      await conn.close();
    }
  });

  it("revision --rev-id, merge --rev-id and a hand-made file are refused before anything is written or applied", async () => {
    const dir = tempDir("athanor-idcase-");
    const env = { DATABASE_URL: db.url ?? "" };
    const cli = (argv: string[]) => runCli(dir, argv, { env });
    await ok(dir, ["init", "--dialect", "mysql"]);
    await ok(dir, ["revision", "-m", "one", "--rev-id", "abc"]);
    await ok(dir, ["revision", "-m", "other", "--rev-id", "def", "--head", "base"]);
    const before = versions(dir);

    const created = await cli(["revision", "-m", "two", "--rev-id", "ABC", "--head", "base"]);
    expect(created.code).toBe(1);
    expect(created.stderr).toContain("ATHANOR_DUPLICATE_REVISION");
    expect(created.stderr).toContain("'abc'");
    expect(created.stderr).toContain("differ only in letter case");
    const merged = await cli(["merge", "heads", "-m", "join", "--rev-id", "DEF"]);
    expect(merged.code).toBe(1);
    expect(merged.stderr).toContain("ATHANOR_DUPLICATE_REVISION");
    expect(versions(dir)).toEqual(before);

    // a file written by hand (or merged in from another branch of the repository)
    const abc = revisionFile(dir, "abc");
    writeFileSync(
      join(dir, "migrations", "versions", "ABC_two.ts"),
      readFileSync(abc, "utf8").replace('id: "abc"', 'id: "ABC"').replace('message: "one"', 'message: "two"'),
    );
    for (const argv of [["upgrade", "heads"], ["heads"], ["check"]]) {
      const refused = await cli(argv);
      expect(refused.code, argv.join(" ")).toBe(1);
      expect(refused.stderr).toContain("ATHANOR_DUPLICATE_REVISION");
      expect(refused.stderr).not.toContain("Duplicate entry");
    }
    // nothing ran: no version table, no half-applied `abc`
    expect(await tables()).toEqual([]);
    expect(existsSync(join(dir, "migrations", "versions", "ABC_two.ts"))).toBe(true);
  }, 120_000);
});
