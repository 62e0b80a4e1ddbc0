import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";
import { FILE_DRIVERS } from "./testing/drivers.js";

// A config's URL is decoded once (`file:./a%2541.db` names `a%41.db`); every driver must open that
// very path. @libsql/client takes a URL and decodes it again, so it was handed `file:/…/a%41.db`
// and opened `aA.db` (`current` then said the database did not exist), and refused `#` and `?`.
const folder = mkdtempSync(join(tmpdir(), "athanor-file-names-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const NAMES = ["a%41.db", "50%.db", "b#c.db", "q?mode=ro.db", "sp ace.db", "ünï.db"];

describe.each(FILE_DRIVERS)("%s opens the file a path names, byte for byte", (driver) => {
  it.each(NAMES)("%s", async (name) => {
    const dir = mkdtempSync(join(folder, `${driver.replace(/\W/g, "_")}-`));
    const file = join(dir, name);
    const conn = await sqliteDialect({ file, driver }).connect();
    await conn.query("CREATE TABLE t (a integer)");
    await conn.close();
    expect(readdirSync(dir)).toEqual([name]);
    const again = await sqliteDialect({ file, driver, mustExist: true }).connect();
    expect((await again.query("SELECT name FROM sqlite_schema")).rows).toEqual([{ name: "t" }]);
    await again.close();
  });
});
