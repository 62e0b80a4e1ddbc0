import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "../testing/harness.js";
import { revisionFile } from "../testing/sample-database-project.js";
import { feedClient } from "../testing/sql-client.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// Issue 14 item 2: text athanor writes into SQL never becomes SQL. A message with a line break
// is refused where it enters (the `revision` command, a hand-written header); text that may hold
// one legitimately (a quoted table name in a backfill's comment) stays inside its comment. The
// offline script is fed to the real client — psql, mariadb, SQLite itself — and the victim table
// must survive.
const HOSTILE = "add index\nDROP TABLE victim; --";

describe.each(["postgresql", "mysql"] as const)("%s", (dialect) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await scratchDatabase(dialect, "inert");
  }, 60_000);
  afterAll(() => db?.dispose());

  const project = async () => {
    const dir = tempDir("athanor-inert-");
    await ok(dir, ["init", "--dialect", dialect]);
    return dir;
  };
  const env = () => ({ DATABASE_URL: db.url });

  it("revision -m with a line break is refused and writes nothing", async () => {
    const dir = await project();
    const run = await runCli(dir, ["revision", "-m", HOSTILE, "--json"], { env: env() });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error.code).toBe("ATHANOR_USAGE");
    expect(readdirSync(join(dir, "migrations", "versions"))).toEqual([]);
    const merge = await runCli(dir, ["merge", "heads", "-m", "x\x1b[2Jy", "--json"], { env: env() });
    expect(merge.code).not.toBe(0);
    expect(merge.stdout).not.toContain("ATHANOR_INTERNAL");
  });

  it("a hand-written header whose message holds a line break is a coded error naming the file", async () => {
    const dir = await project();
    await ok(dir, ["revision", "-m", "add index", "--rev-id", "a1"]);
    const file = revisionFile(dir, "a1");
    writeFileSync(file, readFileSync(file, "utf8").replace('"add index"', JSON.stringify(HOSTILE)));
    for (const argv of [["upgrade", "--sql"], ["history"]]) {
      const run = await runCli(dir, [...argv, "--json"], { env: env() });
      expect(run.code, run.stdout).toBe(1);
      const error = JSON.parse(run.stdout).error;
      expect(error.code).toBe("ATHANOR_REVISION_FILE_INVALID");
      expect(error.meta.files).toEqual([file]);
    }
  });

  it("upgrade --sql piped to the real client keeps hostile text inside its comment", async () => {
    await db.reset();
    await db.query("CREATE TABLE victim (id int)");
    const dir = await project();
    await hostileBackfillRevision(dir, dialect === "postgresql" ? `"${HOSTILE}"` : `\`${HOSTILE}\``);
    const rendered = await runCli(dir, ["upgrade", "--sql"], { env: env() });
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stdout).toContain("-- athanor backfill of add index\\nDROP TABLE victim; --");

    const client = feedClient(dialect, db.url, rendered.stdout);
    expect(client.status, client.stderr).toBe(0);
    expect(await db.query("SELECT count(*) AS n FROM victim")).toHaveLength(1);
    expect(await db.versionRows()).toEqual(["a1"]);
  });
});

describe("sqlite", () => {
  it("upgrade --sql run by SQLite itself keeps hostile text inside its comment", async () => {
    const dir = tempDir("athanor-inert-");
    const file = join(dir, "app.db");
    const env = { DATABASE_URL: `file:${file}` };
    await ok(dir, ["init", "--dialect", "sqlite"]);
    await hostileBackfillRevision(dir, `"${HOSTILE}"`);
    const rendered = await runCli(dir, ["upgrade", "--sql"], { env });
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stdout).toContain("-- athanor backfill of add index\\nDROP TABLE victim; --");

    // the script as a whole, through SQLite's own parser (what the sqlite3 shell would feed it)
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(file);
    try {
      db.exec("CREATE TABLE victim (id int)");
      db.exec(rendered.stdout);
      expect(db.prepare("SELECT count(*) AS n FROM victim").get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT version_num AS v FROM athanor_version").all()).toEqual([{ v: "a1" }]);
    } finally {
      db.close();
    }
  });
});

/**
 * Revision a1 of the project in `dir`: creates the table named {@link HOSTILE} (`quoted` as the
 * dialect quotes it) and backfills it, so the offline script's backfill comment names it.
 */
async function hostileBackfillRevision(dir: string, quoted: string): Promise<void> {
  await ok(dir, ["revision", "-m", "backfill a hostile table", "--rev-id", "a1"]);
  const file = revisionFile(dir, "a1");
  writeFileSync(
    file,
    readFileSync(file, "utf8")
      .replace(
        "upgrade(op) {}",
        `async upgrade(op) {\n    op.execute(${JSON.stringify(`CREATE TABLE ${quoted} (id int PRIMARY KEY, a int)`)});\n    await op.backfill({ table: ${JSON.stringify(HOSTILE)}, set: { a: "1" } });\n  }`,
      )
      .replace(
        "downgrade(op) {}",
        `downgrade(op) {\n    op.execute(${JSON.stringify(`DROP TABLE ${quoted}`)});\n  }`,
      ),
  );
}
