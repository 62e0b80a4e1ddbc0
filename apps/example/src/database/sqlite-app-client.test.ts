import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, test } from "vitest";
import { databaseChoiceOf } from "./database-choice.js";
import { sqliteAppClient } from "./sqlite-app-client.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-example-app-client-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test("an app write waits without blocking the event loop while another connection holds the write lock, then lands", async () => {
  const file = join(folder, "busy.db");
  const runner = new Database(file);
  runner.exec("CREATE TABLE t (id integer PRIMARY KEY, v text)");
  const app = sqliteAppClient(file);
  try {
    runner.exec("BEGIN IMMEDIATE");
    runner.exec("INSERT INTO t VALUES (1, 'runner')");
    const write = app.query("INSERT INTO t (v) VALUES (?)", ["app"], "run");
    // the loop keeps turning: a timer fires and a read of the committed state answers meanwhile
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await app.query("SELECT count(*) FROM t", [], "get")).rows).toEqual([0]);
    runner.exec("COMMIT");
    await write;
    expect(runner.prepare("SELECT v FROM t ORDER BY id").pluck().all()).toEqual(["runner", "app"]);
  } finally {
    app.close();
    runner.close();
  }
});

test("DATABASE_URL file: and sqlite: URLs choose a SQLite file, relative to the example's folder", () => {
  expect(databaseChoiceOf("file:./rollout.db", "/app")).toEqual({
    kind: "sqlite",
    url: "file:/app/rollout.db",
    file: "/app/rollout.db",
  });
  expect(databaseChoiceOf("sqlite:///srv/a b.db", "/app")).toMatchObject({ file: "/srv/a b.db" });
  expect(databaseChoiceOf("file:/srv/my%20app.db", "/app")).toMatchObject({ file: "/srv/my app.db" });
  // the app and the runner are two connections: an in-memory database cannot be shared
  expect(() => databaseChoiceOf("sqlite::memory:", "/app")).toThrow(/give the rollout a SQLite file/);
  expect(() => databaseChoiceOf("file:./a.db?mode=ro", "/app")).toThrow(/no options/);
  expect(databaseChoiceOf("postgres://db/app", "/app").kind).toBe("postgresql");
  // as the CLI reads them: a host, not the relative path app.db
  expect(() => databaseChoiceOf("file://app.db", "/app")).toThrow(/names a host/);
  expect(() => databaseChoiceOf("sqlite://app.db", "/app")).toThrow(/names a host/);
  expect(databaseChoiceOf("file://localhost/srv/a.db", "/app")).toMatchObject({ file: "/srv/a.db" });
});
