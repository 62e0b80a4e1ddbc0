import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// Issue 14 item 11: athanor's own tables damaged by hand. Every command says what is missing with
// ATHANOR_BOOKKEEPING_DAMAGED (never ATHANOR_INTERNAL) and changes nothing; `stamp <rev> --purge`
// recreates what is missing, after which the project works again.
const DAMAGE = {
  "history table dropped": ["DROP TABLE athanor_version_history"],
  "history columns dropped": [
    "ALTER TABLE athanor_version_history DROP COLUMN note",
    "ALTER TABLE athanor_version_history DROP COLUMN run_id",
  ],
  "version column dropped": [
    "ALTER TABLE athanor_version ADD COLUMN spare int",
    "ALTER TABLE athanor_version DROP COLUMN version_num",
  ],
} as const;

describe.each(["postgresql", "mysql"] as const)("%s", (dialect) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await scratchDatabase(dialect, "bookkeeping");
  }, 60_000);
  afterAll(() => db?.dispose());

  it.each(Object.entries(DAMAGE))("%s: coded everywhere, repaired by stamp --purge", async (_name, sql) => {
    await db.reset();
    await db.query("DROP TABLE IF EXISTS athanor_version_history");
    await db.query("DROP TABLE IF EXISTS athanor_version");
    const dir = tempDir("athanor-bookkeeping-");
    const env = { DATABASE_URL: db.url };
    await ok(dir, ["init", "--dialect", dialect]);
    await ok(dir, ["revision", "-m", "one", "--rev-id", "a1"]);
    setBody(dir, "a1", 'op.execute("CREATE TABLE t1 (id int)")', 'op.execute("DROP TABLE t1")');
    expect((await runCli(dir, ["upgrade"], { env })).code).toBe(0);
    for (const statement of sql) await db.query(statement);
    await ok(dir, ["revision", "-m", "two", "--rev-id", "b2"]);
    setBody(dir, "b2", 'op.execute("CREATE TABLE t2 (id int)")', 'op.execute("DROP TABLE t2")');

    const model = await db.model();
    for (const argv of [["current"], ["status"], ["upgrade"], ["stamp", "a1"], ["checksums"]]) {
      const run = await runCli(dir, [...argv, "--json"], { env });
      expect(run.code, `${argv.join(" ")}: ${run.stdout}`).toBe(1);
      const error = JSON.parse(run.stdout).error;
      expect(error.code, argv.join(" ")).toBe("ATHANOR_BOOKKEEPING_DAMAGED");
      expect(error.message).toContain("stamp");
    }
    expect(await db.model(), "a refused command changed the schema").toBe(model);

    const repair = await runCli(dir, ["stamp", "a1", "--purge", "--json"], { env });
    expect(repair.code, repair.stdout).toBe(0);
    const current = await runCli(dir, ["current", "--json"], { env });
    expect(JSON.parse(current.stdout).heads).toEqual(["a1"]);
    const upgrade = await runCli(dir, ["upgrade", "--json"], { env });
    expect(upgrade.code, upgrade.stdout).toBe(0);
    expect(await db.versionRows()).toEqual(["b2"]);
  });
});
