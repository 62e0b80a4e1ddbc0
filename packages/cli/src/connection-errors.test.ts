import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresBackend, TEST_PG_URL } from "./testing/database-backend.js";
import { runCli, tempDir } from "./testing/harness.js";
import { buildDatabaseProject } from "./testing/sample-database-project.js";

// Each failure must be one coded line that says what to fix, exit 1, and change nothing.
let project: string;
let backend: Awaited<ReturnType<typeof postgresBackend>>;

beforeAll(async () => {
  project = tempDir();
  await buildDatabaseProject(project);
  backend = await postgresBackend("connerr");
});
afterAll(() => backend?.dispose());

const withUrl = (url: URL | string) => ({ env: { DATABASE_URL: url.toString() } });

describe("connection failures on PostgreSQL", () => {
  it.each([
    [
      "an unreachable server",
      () => Object.assign(new URL(TEST_PG_URL), { port: "1" }),
      /nothing accepts connections at 127\.0\.0\.1:1/,
    ],
    [
      "a user the server refuses",
      () => Object.assign(new URL(TEST_PG_URL), { username: "no_such_role_athanor" }),
      /refused user "no_such_role_athanor"/,
    ],
    [
      "a missing database",
      () => Object.assign(new URL(TEST_PG_URL), { pathname: "/athanor_no_such_db" }),
      /database "athanor_no_such_db" does not exist/,
    ],
  ])("%s: coded error, exit 1, no stack trace", async (_name, url, message) => {
    for (const argv of [["upgrade"], ["current"], ["stamp", "heads"]]) {
      const result = await runCli(project, argv, withUrl(url()));
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^error\[ATHANOR_CONNECTION_FAILED\]: Could not connect to PostgreSQL/);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("reports the failure as JSON with --json, and never prints the password", async () => {
    const url = Object.assign(new URL(TEST_PG_URL), { port: "1", password: "s3cret-pw" });
    const result = await runCli(project, ["upgrade", "--json"], withUrl(url));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe("ATHANOR_CONNECTION_FAILED");
    expect(result.stdout + result.stderr).not.toContain("s3cret-pw");
  });

  it("--sql needs no server at all", async () => {
    const result = await runCli(
      project,
      ["upgrade", "--sql"],
      withUrl(Object.assign(new URL(TEST_PG_URL), { port: "1" })),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("CREATE TABLE account");
  });

  it("after all of these the real database is untouched", async () => {
    const rows = await backend.query(
      project,
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(rows).toEqual([{ n: 0 }]);
  });
});

describe("embedded PGlite that cannot open its folder, and usage errors", () => {
  it("a data folder that is not a folder: coded error naming it, exit 1", async () => {
    const broken = tempDir();
    await buildDatabaseProject(broken);
    mkdirSync(join(broken, ".athanor"));
    writeFileSync(join(broken, ".athanor", "pglite"), "not a database\n");
    const result = await runCli(broken, ["upgrade"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error\[ATHANOR_CONNECTION_FAILED\]: .*\.athanor\/pglite/);
    expect(readFileSync(join(broken, ".athanor", "pglite"), "utf8")).toBe("not a database\n");
  });

  it.each([
    [["downgrade"], /downgrade needs a target, e\.g\. `-1`, a revision id, or `base` \(or `--resume` alone/],
    [["stamp"], /missing required argument 'revisions'/i],
    [["checksums", "reject"], /Unknown checksums action "reject"/],
    [["checksums", "accept"], /checksums accept needs the revisions/],
    [["upgrade", "--lock-timeout", "soon"], /--lock-timeout must be a number of seconds/],
  ])("athanor %j exits 2 before connecting", async (argv, message) => {
    const result = await runCli(project, argv, withUrl(Object.assign(new URL(TEST_PG_URL), { port: "1" })));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[ATHANOR_USAGE\]/);
    expect(result.stderr).toMatch(message);
  });
});
