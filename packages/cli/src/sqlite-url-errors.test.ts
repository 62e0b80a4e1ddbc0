import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ok, runCli, tempDir } from "./testing/harness.js";

// A SQLite URL that names no file (an unset variable in `file:$DB_PATH`), has malformed
// percent-encoding or decodes to a control character is a coded configuration error, exit 1, and
// nothing is opened or created: SQLite would otherwise migrate a throw-away database ("file:"),
// or a file cut short at %00 — and report success. A URL of another server (a DATABASE_URL
// left from another project) is no path: it used to be opened as "<root>/postgres:/me:s3cret@…",
// printing its password in the error.
describe.each([
  "file:",
  "sqlite:",
  "file:a%zz.db",
  "file:./a%00b.db",
  "postgres://me:s3cret@127.0.0.1:5432/app",
  "mysql://me:s3cret@127.0.0.1:3306/app",
])("DATABASE_URL=%s", (url) => {
  it("upgrade is refused with ATHANOR_CONFIG_INVALID and no file appears", async () => {
    const dir = tempDir("athanor-sqlite-url-");
    await ok(dir, ["init", "--dialect", "sqlite"]);
    await ok(dir, ["revision", "-m", "one", "--rev-id", "a1"]);
    const before = readdirSync(dir).sort();
    const run = await runCli(dir, ["upgrade", "--json"], { env: { DATABASE_URL: url } });
    expect(run.code, run.stdout).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe("ATHANOR_CONFIG_INVALID");
    expect(run.stdout).not.toContain("s3cret");
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
