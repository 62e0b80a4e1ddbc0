import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./test-database.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-testing-sqlite-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function roundTrip(url: string) {
  const db = await createTestDatabase({ url, prefix: "sqlite helper" });
  try {
    const conn = await db.connect();
    try {
      await conn.executeScript(["CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)"]);
    } finally {
      await conn.close();
    }
    expect((await db.introspect()).tables.map((t) => t.name)).toEqual(["notes"]);
    await db.reset();
    expect((await db.introspect()).tables).toEqual([]);
    return db;
  } finally {
    await db.dispose();
    await db.dispose(); // twice is safe
  }
}

describe("@athanor/testing on SQLite", () => {
  it("sqlite::memory: gives a private in-memory database: created, read, reset empty, disposed", async () => {
    const db = await roundTrip("sqlite::memory:");
    expect(db.dialectName).toBe("sqlite");
  });

  it("a file: URL names a folder: the test database is a file of its own there, deleted by dispose", async () => {
    const db = await roundTrip(`file:${folder}`);
    const file = (db.url ?? "").replace(/^file:/, "");
    expect(file.startsWith(folder)).toBe(true);
    expect(file).toMatch(/athanor_t_sqlite_helper_[a-z0-9]+\.sqlite$/);
    expect(existsSync(file)).toBe(false);
  });
});
