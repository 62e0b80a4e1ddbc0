import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseBackend } from "./database-backend.js";
import { runCli, tempDir } from "./harness.js";
import { buildDatabaseProject, IDS, normalise, revisionFile } from "./sample-database-project.js";

// relative to the test file that calls the suite (src/*.test.ts)
const golden = (name: string) => `./__golden__/${name}`;

/**
 * The whole database workflow through `main()`, run once per backend (PGlite and PostgreSQL 15):
 * upgrade → current → history -i → downgrade -1 / base → stamp → offline SQL, plus the failures
 * that must leave the database untouched.
 */
export function defineWorkflowSuite(makeBackend: () => Promise<DatabaseBackend>): void {
  let backend: DatabaseBackend;
  let project: string;
  const cli = (argv: readonly string[]) => runCli(project, argv, { env: backend.env() });
  const tables = async () =>
    (
      await backend.query<{ t: string }>(
        project,
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
      )
    ).map((r) => r.t);
  const heads = async () => JSON.parse((await cli(["current", "--json"])).stdout).heads as string[];

  beforeAll(async () => {
    backend = await makeBackend();
    project = tempDir();
    await buildDatabaseProject(project);
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  describe("the workflow", () => {
    it("refuses to guess a target when the graph has several heads", async () => {
      // before the merge exists: hide it
      const merge = revisionFile(project, IDS.merge);
      const text = readFileSync(merge, "utf8");
      rmSync(merge);
      try {
        const result = await cli(["upgrade"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^error\[ATHANOR_MULTIPLE_HEADS\]: .*2b3c4d5e6f70, 3c4d5e6f7081/);
        expect(await tables()).toEqual([]);
      } finally {
        writeFileSync(merge, text);
      }
    });

    it("upgrades to the head, printing one line per revision", async () => {
      const result = await cli(["upgrade"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      await expect(normalise(result.stdout)).toMatchFileSnapshot(golden(`upgrade-${backend.name}.txt`));
      expect(await tables()).toEqual(["account", "athanor_version", "athanor_version_history", "cart"]);
      const again = await cli(["upgrade", "head"]);
      expect(again.stdout).toBe(`Nothing to upgrade: the database is at ${IDS.merge}.\n`);
    });

    it("shows where the database is (current, history -i)", async () => {
      expect((await cli(["current"])).stdout).toBe(`${IDS.merge} (cart) (head) (mergepoint), merge cart\n`);
      const history = await cli(["history", "-i"]);
      expect(history.code).toBe(0);
      await expect(history.stdout).toMatchFileSnapshot(golden("history-indicate-current.txt"));
      const json = JSON.parse((await cli(["history", "-i", "--json"])).stdout);
      expect(json.current).toEqual([IDS.merge]);
      expect(json.revisions.every((r: { isApplied: boolean }) => r.isApplied)).toBe(true);
    });

    it("downgrades: -1 at a merge is ambiguous, a named revision keeps both branches, then -1 and base", async () => {
      const ambiguous = await cli(["downgrade", "-1"]);
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.stderr).toMatch(/^error\[ATHANOR_AMBIGUOUS_WALK\]/);

      const named = await cli(["downgrade", IDS.name, "--json"]);
      expect(named.code).toBe(0);
      const document = JSON.parse(named.stdout);
      expect(
        document.results.map((r: { revision: string; status: string }) => [r.revision, r.status]),
      ).toEqual([[IDS.merge, "applied"]]);
      expect(document.heads.after).toEqual([IDS.name, IDS.cart]);
      expect(await heads()).toEqual([IDS.name, IDS.cart]);
      const history = (await cli(["history", "-i"])).stdout;
      expect(history).toContain(`-> ${IDS.cart} (cart) (current), create cart`);
      expect(history).toContain(`-> ${IDS.account} (branchpoint) (applied), create account`);
      expect(history).toContain(`-> ${IDS.merge} (cart) (head) (mergepoint), merge cart`);

      const base = await cli(["downgrade", "base"]);
      expect(base.code).toBe(0);
      expect(normalise(base.stdout).split("\n").at(-2)).toBe(
        "Downgraded 3 revisions in X ms; now at <base>.",
      );
      expect(await tables()).toEqual(["athanor_version", "athanor_version_history"]);
      expect((await cli(["current"])).stdout).toBe("");

      expect((await cli(["upgrade", IDS.name])).code).toBe(0);
      const minusOne = await cli(["downgrade", "-1"]);
      expect(minusOne.code).toBe(0);
      expect(await heads()).toEqual([IDS.account]);
      expect((await cli(["downgrade", "base"])).code).toBe(0);
    });

    it("stamps without running code, and --purge clears the table", async () => {
      const stamped = await cli(["stamp", IDS.name]);
      expect(stamped.code).toBe(0);
      expect(stamped.stdout).toContain(`stamped  ${IDS.name}, add account name`);
      expect(await heads()).toEqual([IDS.name]);
      expect(await tables()).toEqual(["athanor_version", "athanor_version_history"]);
      expect((await cli(["stamp", "base", "--purge"])).code).toBe(0);
      expect(await heads()).toEqual([]);
    });

    it("prints offline SQL equal to what the online run executes", async () => {
      const offline = await cli(["upgrade", "--sql"]);
      expect(offline.code).toBe(0);
      await expect(normalise(offline.stdout)).toMatchFileSnapshot(golden("upgrade-sql.txt"));
      const down = await cli(["downgrade", "--sql", "heads:base"]);
      await expect(normalise(down.stdout)).toMatchFileSnapshot(golden("downgrade-sql.txt"));

      // the tables exist already from the runs above; the offline script starts from nothing
      await backend.query(project, "DROP TABLE athanor_version");
      await backend.query(project, "DROP TABLE athanor_version_history");
      const online = await cli(["upgrade", "--echo-sql"]);
      expect(online.code).toBe(0);
      const statements = (text: string) =>
        text
          .split(/;\n/)
          .map((s) => s.replace(/^--.*\n/gm, "").trim())
          .filter((s) => s !== "")
          .map((s) => (s.startsWith('INSERT INTO "athanor_version_history"') ? "<history row>" : s));
      expect(statements(online.stderr)).toEqual(statements(offline.stdout));
    });

    it("rejects a range without --sql, and downgrade --sql without one", async () => {
      const range = await cli(["upgrade", "base:heads"]);
      expect(range.code).toBe(1);
      expect(range.stderr).toMatch(/^error\[ATHANOR_RANGE_NOT_ALLOWED\]/);
      const down = await cli(["downgrade", "--sql", "base"]);
      expect(down.code).toBe(2);
      expect(down.stderr).toMatch(/^error\[ATHANOR_USAGE\]: An offline downgrade needs/);
    });
  });

  describe("failures leave the database as it was", () => {
    it("a revision that throws: exit 1, named, nothing of it applied", async () => {
      await cli(["downgrade", "base"]);
      await cli(["upgrade", IDS.name]);
      const before = await tables();
      const file = revisionFile(project, IDS.cart);
      const text = readFileSync(file, "utf8");
      writeFileSync(
        file,
        text.replace(
          'op.execute("CREATE TABLE cart (id int, account_id int)");',
          'op.execute("CREATE TABLE cart (id int, account_id int)");\n    throw new Error("boom in the revision");',
        ),
      );
      try {
        const result = await cli(["upgrade", "--json"]);
        expect(result.code).toBe(1);
        const document = JSON.parse(result.stdout);
        expect(document.results.map((r: { status: string }) => r.status)).toEqual(["failed", "not_run"]);
        expect(document.error.message).toContain(IDS.cart);
        expect(document.error.message).toContain("boom in the revision");
        expect(await tables()).toEqual(before);
        expect(await heads()).toEqual([IDS.name]);
        const text2 = await cli(["upgrade"]);
        expect(text2.code).toBe(1);
        expect(text2.stdout).toMatch(/FAILED {3}1a2b3c4d5e6f -> 3c4d5e6f7081, create cart/);
        expect(text2.stderr).toMatch(/^error\[ATHANOR_MIGRATION_FAILED\]/);
      } finally {
        writeFileSync(file, text);
      }
    });

    it("a version table naming a revision no file has: which one, and how to recover with stamp", async () => {
      await cli(["upgrade", "heads"]);
      const file = revisionFile(project, IDS.merge);
      const text = readFileSync(file, "utf8");
      rmSync(file);
      try {
        // without the merge file the graph has two heads, so name the target
        const result = await cli(["upgrade", "heads"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^error\[ATHANOR_UNKNOWN_APPLIED_REVISION\]: .*4d5e6f708192/);
        expect(result.stderr).toContain("athanor stamp");
        // the command is said once, not again as its own example
        expect(result.stderr.split("athanor stamp <revision> --purge")).toHaveLength(2);
        const current = await cli(["current"]);
        expect(current.stdout).toContain(`${IDS.merge} (unknown: no revision file declares it`);
        const recovered = await cli(["stamp", IDS.name, IDS.cart, "--purge"]);
        expect(recovered.code).toBe(0);
        expect(await heads()).toEqual([IDS.name, IDS.cart]);
      } finally {
        writeFileSync(file, text);
      }
      await cli(["stamp", "heads"]);
      expect(await heads()).toEqual([IDS.merge]);
    });

    it("an edited applied revision blocks upgrade until accepted, recording who", async () => {
      const file = revisionFile(project, IDS.account);
      const text = readFileSync(file, "utf8");
      writeFileSync(file, `${text}// reformatted\n`);
      const listed = await cli(["checksums"]);
      expect(listed.code).toBe(1);
      expect(listed.stdout).toContain(`changed ${IDS.account}`);
      const blocked = await cli(["upgrade"]);
      expect(blocked.stderr).toMatch(
        /^error\[ATHANOR_CHECKSUM_MISMATCH\].*athanor checksums accept 1a2b3c4d5e6f/,
      );
      const accepted = await cli(["checksums", "accept", IDS.account, "--reason", "comment only"]);
      expect(accepted.code).toBe(0);
      expect((await cli(["checksums"])).code).toBe(0);
      const rows = await backend.query<{ note: string }>(
        project,
        "SELECT note FROM athanor_version_history WHERE direction = 'accept'",
      );
      expect(rows.map((r) => r.note)).toEqual([
        expect.stringMatching(/^checksum change accepted by .+@.+: comment only$/),
      ]);
    });
  });
}
