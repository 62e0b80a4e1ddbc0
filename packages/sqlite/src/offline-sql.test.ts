import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Dialect, defineRevision, isAthanorError, type RevisionModule, upgrade } from "@athanor/core";
import { renderSql } from "@athanor/core/runner";
import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";

// `upgrade --sql` with rebuilds: the prior definitions come from replaying the revision chain into
// an in-memory SQLite (Dialect.offlineReplay), revisions before the range included (their SQL is
// not printed). The script is a golden; the whole history's script, run through the sqlite3 shell
// and through better-sqlite3, leaves the same file as an online upgrade; raw SQL the replay cannot
// run keeps the coded refusal, naming the revision.
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-offline-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const none = () => undefined;
const history: RevisionModule[] = [
  defineRevision({
    id: "a1",
    parents: [],
    message: "users and posts",
    upgrade(op) {
      op.createTable("users", {
        columns: [
          { name: "id", type: "integer", nullable: false },
          { name: "name", type: "text", nullable: false },
          { name: "age", type: "integer" },
        ],
        primaryKey: ["id"],
      });
      op.createTable("posts", {
        columns: [
          { name: "id", type: "integer", nullable: false },
          { name: "user_id", type: "integer" },
          { name: "title", type: "text" },
        ],
        primaryKey: ["id"],
        foreignKeys: [
          {
            name: "posts_user_fk",
            columns: ["user_id"],
            references: { table: "users", columns: ["id"] },
            onDelete: "cascade",
          },
        ],
      });
      op.createIndex("users_name_idx", "users", ["name"]);
      op.createView("adults", 'SELECT "id", "name" FROM "users" WHERE "age" >= 18');
      op.execute(
        'CREATE TRIGGER "posts_title" AFTER INSERT ON "posts" WHEN NEW."title" IS NULL BEGIN UPDATE "posts" SET "title" = \'untitled\' WHERE "id" = NEW."id"; END',
      );
      op.bulkInsert("users", [
        { id: 1, name: "ann", age: 30 },
        { id: 2, name: "bo", age: 12 },
      ]);
      op.bulkInsert("posts", [
        { id: 1, user_id: 1, title: "hello" },
        { id: 2, user_id: 2, title: null },
      ]);
    },
    downgrade: none,
  }),
  defineRevision({
    id: "b2",
    parents: ["a1"],
    message: "age is a real, never negative (one rebuild)",
    upgrade(op) {
      op.alterColumn("users", "age", {
        type: "real",
        nullable: false,
        default: "0",
        using: 'coalesce("age", 0)',
      });
      op.addCheck("users_age_nonneg", "users", '"age" >= 0');
    },
    downgrade: none,
  }),
  defineRevision({
    id: "c3",
    parents: ["b2"],
    message: "raw DDL, then a rebuild that must see it",
    upgrade(op) {
      op.execute(`ALTER TABLE "users" ADD COLUMN "nick" text DEFAULT 'x'`);
      op.alterColumn("users", "nick", { nullable: false });
    },
    downgrade: none,
  }),
  defineRevision({
    id: "d4",
    parents: ["c3"],
    message: "drop the column a foreign key uses (a rebuild of the child)",
    upgrade(op) {
      op.dropColumn("posts", "user_id");
    },
    downgrade: none,
  }),
];

const dialectFor = (file: string) => sqliteDialect({ file: join(folder, file) });
/** The run id differs per render, the checksums and athanor's version per edit; the rest is fixed. */
const stable = (text: string) =>
  text
    .replace(/'[0-9a-f]{8}-[0-9a-f-]{27}'/g, "'<run id>'")
    .replace(/'sha256-[a-z]+:[0-9a-f]{64}'/g, "'<checksum>'")
    .replace(/'[^']*', 'offline'\)/g, "'<athanor version>', 'offline')");

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; meta: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (isAthanorError(error)) return { code: error.code, message: error.message, meta: error.meta };
    throw error;
  }
  throw new Error("expected a coded refusal");
}

/** What a file holds: every schema object's SQL, the rows, the version, and SQLite's own checks. */
function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      // the lock's table is the online run's own (a script takes no lock)
      schema: db
        .prepare(
          "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name <> 'athanor_lock' ORDER BY type, name",
        )
        .all(),
      users: db.prepare("SELECT * FROM users ORDER BY id").all(),
      posts: db.prepare("SELECT * FROM posts ORDER BY id").all(),
      version: db.prepare("SELECT version_num FROM athanor_version").all(),
      integrity: db.prepare("PRAGMA integrity_check").all(),
      foreignKeys: db.prepare("PRAGMA foreign_key_check").all(),
    };
  } finally {
    db.close();
  }
}

describe("upgrade --sql with table rebuilds (better-sqlite3)", () => {
  test("a range's rebuilds are rendered in full from the replayed chain (golden)", async () => {
    const { text } = await renderSql(
      { dialect: dialectFor("golden.db"), revisions: history },
      { direction: "upgrade", range: "a1:d4" },
    );
    // a1 is before the range: replayed, not printed
    expect(text).not.toContain("Running upgrade a1");
    expect(text).not.toContain('CREATE TABLE "users"');
    await expect(stable(text)).toMatchFileSnapshot("./__golden__/offline-rebuilds.sql.txt");
  });

  test("the whole history's script, through the sqlite3 shell and through better-sqlite3, leaves what an online upgrade leaves", async () => {
    const online = join(folder, "online.db");
    await upgrade({ dialect: sqliteDialect({ file: online }), revisions: history }, "heads");
    const { text } = await renderSql(
      { dialect: dialectFor("render.db"), revisions: history },
      { direction: "upgrade", range: "base:heads" },
    );

    const shell = join(folder, "shell.db");
    const run = spawnSync("sqlite3", ["-bail", shell], { input: text, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);

    // better-sqlite3 turns foreign keys on by default: the script's first statement turns them off
    const driver = join(folder, "driver.db");
    const db = new Database(driver);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    db.exec(text);
    db.close();

    const expected = snapshot(online);
    expect(expected.posts).toEqual([
      { id: 1, title: "hello" },
      { id: 2, title: "untitled" },
    ]);
    expect(expected.schema.map((o) => (o as { name: string }).name)).toContain("adults");
    expect(snapshot(shell)).toEqual(expected);
    expect(snapshot(driver)).toEqual(expected);
  });

  test("a rebuild's script run with foreign keys on aborts before the DROP, so no cascade fires", async () => {
    const file = join(folder, "fk-on.db");
    await upgrade({ dialect: sqliteDialect({ file }), revisions: history }, "a1");
    const { text } = await renderSql(
      { dialect: dialectFor("fk-on-render.db"), revisions: history },
      { direction: "upgrade", range: "a1:b2" },
    );
    const db = new Database(file); // foreign keys on, and the session settings left out
    expect(() => db.exec(text.replace("PRAGMA foreign_keys = OFF;", ""))).toThrow(/foreign keys are on/);
    if (db.inTransaction) db.exec("ROLLBACK");
    expect(db.prepare("SELECT count(*) AS n FROM posts").get()).toEqual({ n: 2 });
    db.close();
  });

  test("a range without a rebuild opens no replay", async () => {
    let opened = 0;
    const base = dialectFor("count.db");
    const dialect: Dialect = {
      ...base,
      offlineReplay: () => {
        opened++;
        return (base.offlineReplay as NonNullable<Dialect["offlineReplay"]>)();
      },
    };
    await renderSql({ dialect, revisions: history }, { direction: "upgrade", range: "base:a1" });
    expect(opened).toBe(0);
    await renderSql({ dialect, revisions: history }, { direction: "upgrade", range: "c3:d4" });
    expect(opened).toBe(1);
  });

  test("raw SQL the replay cannot run keeps the refusal for the tables it names, naming its revision", async () => {
    const tables = defineRevision({
      id: "x1",
      parents: [],
      upgrade(op) {
        for (const name of ["t", "u"]) op.createTable(name, { columns: [{ name: "a", type: "integer" }] });
      },
      downgrade: none,
    });
    const extension = defineRevision({
      id: "x2",
      parents: ["x1"],
      upgrade: (op) => op.execute('UPDATE "t" SET "a" = my_extension("a")'),
      downgrade: none,
    });
    const rebuild = (id: string, table: string) =>
      defineRevision({
        id,
        parents: ["x2"],
        upgrade: (op) => op.alterColumn(table, "a", { nullable: false }),
        downgrade: none,
      });
    const dialect = dialectFor("gap.db");
    const refused = await refusal(
      renderSql(
        { dialect, revisions: [tables, extension, rebuild("x3", "t")] },
        { direction: "upgrade", range: "x2:x3" },
      ),
    );
    expect(refused.code).toBe("ATHANOR_UNSUPPORTED");
    expect(refused.meta).toMatchObject({
      revision: "x3",
      table: "t",
      why: "notReplayed",
      unknownSince: "x2",
    });
    expect(refused.message).toContain("revision x2 cannot be replayed");
    expect(refused.message).toContain("no such function: my_extension");
    // a table that SQL does not name is rebuilt as usual
    const other = await renderSql(
      { dialect, revisions: [tables, extension, rebuild("x3", "u")] },
      { direction: "upgrade", range: "x2:x3" },
    );
    expect(other.text).toContain('CREATE TABLE "__athanor_new_u" ("a" integer NOT NULL)');
  });

  test("a revision before the range that asks the database (op.query) leaves every later rebuild refused, naming it", async () => {
    const revisions = [
      defineRevision({
        id: "q1",
        parents: [],
        async upgrade(op) {
          op.createTable("t", { columns: [{ name: "a", type: "integer" }] });
          await op.query("SELECT count(*) AS n FROM t");
        },
        downgrade: none,
      }),
      defineRevision({
        id: "q2",
        parents: ["q1"],
        upgrade: (op) => op.alterColumn("t", "a", { nullable: false }),
        downgrade: none,
      }),
    ];
    const refused = await refusal(
      renderSql({ dialect: dialectFor("query.db"), revisions }, { direction: "upgrade", range: "q1:q2" }),
    );
    expect(refused.code).toBe("ATHANOR_UNSUPPORTED");
    expect(refused.meta).toMatchObject({ revision: "q2", unknownSince: "q1" });
    expect(refused.message).toContain("op.query()");
  });
});
