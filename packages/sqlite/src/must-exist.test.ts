import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";

// `mustExist` (the CLI's read-only commands): a missing file is ATHANOR_DATABASE_NOT_FOUND on
// every file driver, and no file is created; an existing file opens as before.
const folder = mkdtempSync(join(tmpdir(), "athanor-must-exist-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each(["better-sqlite3", "libsql", "@libsql/client"] as const)("%s", (driver) => {
  it("refuses a missing file without creating it, and opens one that exists", async () => {
    const file = join(folder, `${driver.replace(/\W/g, "_")}.db`);
    const refused = await sqliteDialect({ file, driver, mustExist: true })
      .connect()
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: "ATHANOR_DATABASE_NOT_FOUND",
      meta: { dialect: "sqlite", file, driver },
    });
    expect((refused as Error).message).toContain(file);
    expect(existsSync(file)).toBe(false);

    await (await sqliteDialect({ file, driver }).connect()).close();
    expect(existsSync(file)).toBe(true);
    const conn = await sqliteDialect({ file, driver, mustExist: true }).connect();
    expect((await conn.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await conn.close();
  });
});
