import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineRevision, upgrade } from "@athanor/core";
import { renderSql } from "@athanor/core/runner";
import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";

// Raw SQL may end inside a comment, which SQLite accepts online. In a `--sql` script the `;`
// written after it was part of the comment: the sqlite3 shell glued the next statement on (a
// syntax error, or with an unclosed `/*` everything up to COMMIT vanished into the comment).
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-offline-comments-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const none = () => undefined;
const revisions = [
  defineRevision({
    id: "c1",
    parents: [],
    upgrade: (op) => {
      op.execute("CREATE TABLE notes (id integer PRIMARY KEY, body text)");
      op.execute("INSERT INTO notes VALUES (1, 'a -- b; /* c') -- first row");
      op.execute("INSERT INTO notes VALUES (2, 'two') /* second row, comment left open");
      op.execute("UPDATE notes SET body = body || '!' -- every row\n");
      op.execute("INSERT INTO notes VALUES (3, 'three'); -- already ended");
    },
    downgrade: none,
  }),
  defineRevision({
    id: "c2",
    parents: ["c1"],
    upgrade: (op) => op.execute("INSERT INTO notes VALUES (4, 'four')"),
    downgrade: none,
  }),
];

function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      notes: db.prepare("SELECT * FROM notes ORDER BY id").all(),
      version: db.prepare("SELECT version_num FROM athanor_version").all(),
    };
  } finally {
    db.close();
  }
}

describe("upgrade --sql of raw SQL ending in a comment (better-sqlite3)", () => {
  test("the sqlite3 shell runs the script to the same rows and version as an online upgrade", async () => {
    const online = join(folder, "online.db");
    const up = await upgrade({ dialect: sqliteDialect({ file: online }), revisions }, "heads");
    expect(up.error).toBeUndefined();
    const expected = snapshot(online);
    expect(expected.notes).toEqual([
      { id: 1, body: "a -- b; /* c!" },
      { id: 2, body: "two!" },
      { id: 3, body: "three" },
      { id: 4, body: "four" },
    ]);

    const { text } = await renderSql(
      { dialect: sqliteDialect({ file: join(folder, "render.db") }), revisions },
      { direction: "upgrade", range: "base:heads" },
    );
    const shell = join(folder, "shell.db");
    const run = spawnSync("sqlite3", ["-bail", shell], { input: text, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(snapshot(shell)).toEqual(expected);
  });
});
