import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "../testing/harness.js";
import { revisionFile } from "../testing/sample-database-project.js";
import { feedClient } from "../testing/sql-client.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// Raw SQL may end in a `--` comment, which the server accepts online. The `;` that `upgrade --sql`
// wrote after it was part of the comment: psql read the next statement as this one's continuation
// (a syntax error, the revision's rows never written); so did the mariadb client, after `-- ` or `#`.
// The script fed to the real client must leave what an online upgrade leaves.
const STATEMENTS = {
  postgresql: [
    "CREATE TABLE notes (id int PRIMARY KEY, body text)",
    "INSERT INTO notes VALUES (1, 'a -- b') -- first row",
    "INSERT INTO notes VALUES (2, 'two'); -- already ended",
    "UPDATE notes SET body = body || '!' -- every row",
  ],
  mysql: [
    "CREATE TABLE notes (id int PRIMARY KEY, body text)",
    "INSERT INTO notes VALUES (1, 'a -- b') -- first row",
    "INSERT INTO notes VALUES (2, 'two # no') # second row",
    "UPDATE notes SET body = CONCAT(body, '!') -- every row",
  ],
};
const EXPECTED = {
  postgresql: [
    { id: 1, body: "a -- b!" },
    { id: 2, body: "two!" },
  ],
  mysql: [
    { id: 1, body: "a -- b!" },
    { id: 2, body: "two # no!" },
  ],
};

describe.each(["postgresql", "mysql"] as const)("%s", (dialect) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await scratchDatabase(dialect, "cmtend");
  }, 60_000);
  afterAll(() => db?.dispose());

  const UPGRADE = STATEMENTS[dialect];

  async function project(): Promise<string> {
    const dir = tempDir("athanor-comment-end-");
    await ok(dir, ["init", "--dialect", dialect]);
    await ok(dir, ["revision", "-m", "notes", "--rev-id", "a1"]);
    const file = revisionFile(dir, "a1");
    const body = UPGRADE.map((sql) => `    op.execute(${JSON.stringify(sql)});`).join("\n");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace("upgrade(op) {}", `upgrade(op) {\n${body}\n  }`)
        .replace("downgrade(op) {}", `downgrade(op) {\n    op.execute("DROP TABLE notes");\n  }`),
    );
    return dir;
  }
  const notes = () => db.query("SELECT id, body FROM notes ORDER BY id");

  it("upgrade --sql through the client leaves the online upgrade's rows and version", async () => {
    const dir = await project();
    const env = { DATABASE_URL: db.url };
    await db.reset();
    const up = await runCli(dir, ["upgrade"], { env });
    expect(up.code, up.stderr).toBe(0);
    const online = await notes();
    expect(online).toEqual(EXPECTED[dialect]);

    await db.reset();
    const rendered = await runCli(dir, ["upgrade", "--sql"], { env });
    expect(rendered.code, rendered.stderr).toBe(0);
    const client = feedClient(dialect, db.url, rendered.stdout);
    expect(client.stderr).toBe("");
    expect(client.status).toBe(0);
    expect(await notes()).toEqual(online);
    expect(await db.versionRows()).toEqual(["a1"]);
  });
});
