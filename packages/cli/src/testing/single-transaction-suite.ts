import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./harness.js";
import { normalise } from "./sample-database-project.js";

// relative to the test file that calls the suite (src/*.test.ts)
const golden = (name: string) => `./__golden__/${name}`;

/** Where a project of the suite keeps its database, and how the suite reads it. */
export interface SingleTransactionBackend {
  readonly name: "postgresql" | "pglite" | "sqlite";
  /** The config's `dialect`. */
  readonly dialect: "postgresql" | "sqlite";
  env(project: string): Record<string, string>;
  query<Row = Record<string, unknown>>(project: string, sql: string): Promise<Row[]>;
  /** Runs an offline script as its database's client would (psql on the server). */
  executeScript(project: string, script: string): Promise<void>;
  /** The tables of the project's database, sorted. */
  tables(project: string): Promise<string[]>;
  /** Empties a database shared by the suite's projects (a server's); nothing for one per project. */
  reset(project: string): Promise<void>;
  dispose(): Promise<void>;
}

const revision = (
  id: string,
  parent: string | undefined,
  up: readonly string[],
  down: readonly string[],
  header = "",
) => `const defineRevision = (d) => d;
export default defineRevision({ id: ${JSON.stringify(id)}, parents: ${JSON.stringify(parent === undefined ? [] : [parent])}, message: ${JSON.stringify(`make ${id}`)},${header}
  async upgrade(op) { ${up.join(" ")} },
  async downgrade(op) { ${down.join(" ")} },
});
`;
const exec = (sql: string) => `op.execute(${JSON.stringify(sql)});`;
const table = (id: string) => `t_${id}`;

/** Four revisions r1..r4, each creating table t_rN with one row; `r3` can be made to fail. */
function writeChain(project: string, failIn?: string, extra: Record<string, string> = {}): void {
  const versions = join(project, "migrations/versions");
  rmSync(versions, { recursive: true, force: true });
  mkdirSync(versions, { recursive: true });
  let parent: string | undefined;
  for (const id of ["r1", "r2", "r3", "r4"]) {
    const up = [
      exec(`CREATE TABLE ${table(id)} (id integer PRIMARY KEY)`),
      exec(`INSERT INTO ${table(id)} (id) VALUES (1)`),
      ...(failIn === id ? [exec(`INSERT INTO ${table(id)} (id) VALUES (1)`)] : []),
    ];
    writeFileSync(
      join(versions, `${id}.mjs`),
      extra[id] ?? revision(id, parent, up, [exec(`DROP TABLE ${table(id)}`)]),
    );
    parent = id;
  }
}

/**
 * `upgrade`/`downgrade --single-transaction` through `main()` on a backend with transactional
 * DDL: round trips, a failure in revision 3 rolling back 1 and 2 (verified, nothing of the run
 * left, no history row), the refusals of steps that must commit on their own, the config key and
 * its override, `--json`, and `--sql`'s one BEGIN … COMMIT.
 */
export function defineSingleTransactionSuite(makeBackend: () => Promise<SingleTransactionBackend>): void {
  let backend: SingleTransactionBackend;
  let project: string;
  const cli = (...argv: string[]) => runCli(project, argv, { env: backend.env(project) });
  const config = (fields = "") =>
    writeFileSync(
      join(project, "athanor.config.mjs"),
      `export default { dialect: ${JSON.stringify(backend.dialect)}, versions: "migrations/versions"${fields} };\n`,
    );
  const versions = async () =>
    (await backend.query<{ v: string }>(project, "SELECT version_num AS v FROM athanor_version")).map(
      (r) => r.v,
    );
  const historyRows = async () =>
    Number(
      (
        await backend.query<{ n: number | string }>(
          project,
          "SELECT count(*) AS n FROM athanor_version_history",
        )
      )[0]?.n,
    );

  beforeAll(async () => {
    backend = await makeBackend();
  }, 120_000);
  afterAll(async () => backend?.dispose());
  // a new project folder for each set of files: the header cache keys a file by path and mtime
  const freshProject = async () => {
    project = tempDir("athanor-single-tx-");
    writeFileSync(join(project, "package.json"), "{}\n");
    config();
    await backend.reset(project);
  };
  beforeEach(freshProject);

  describe("upgrade and downgrade --single-transaction", () => {
    it("upgrades and downgrades in one transaction: `ran` lines, then one commit line", async () => {
      writeChain(project);
      const up = await cli("upgrade", "--single-transaction");
      expect(up.stderr).toBe("");
      expect(up.code).toBe(0);
      await expect(normalise(up.stdout)).toMatchFileSnapshot(golden("single-transaction-upgrade.txt"));
      expect(await versions()).toEqual(["r4"]);
      expect(await historyRows()).toBe(4);
      expect((await backend.tables(project)).filter((t) => t.startsWith("t_"))).toEqual([
        "t_r1",
        "t_r2",
        "t_r3",
        "t_r4",
      ]);
      const down = await cli("downgrade", "r1", "--single-transaction");
      expect(down.code).toBe(0);
      await expect(normalise(down.stdout)).toMatchFileSnapshot(golden("single-transaction-downgrade.txt"));
      expect(await versions()).toEqual(["r1"]);
      expect((await backend.tables(project)).filter((t) => t.startsWith("t_"))).toEqual(["t_r1"]);
      const again = await cli("upgrade", "--single-transaction", "--json");
      expect(again.code).toBe(0);
      const document = JSON.parse(again.stdout);
      expect(document.singleTransaction).toEqual({ outcome: "committed" });
      expect(document.results.map((r: { status: string }) => r.status)).toEqual([
        "applied",
        "applied",
        "applied",
      ]);
    });

    it("a failure in revision 3 rolls back revisions 1 and 2 and says so once the version table is read back", async () => {
      writeChain(project, "r3");
      const before = await backend.tables(project);
      const run = await cli("upgrade", "--single-transaction");
      expect(run.code).toBe(1);
      await expect(normalise(run.stdout)).toMatchFileSnapshot(golden("single-transaction-rollback.txt"));
      expect(run.stderr).toContain("error[ATHANOR_MIGRATION_FAILED]: upgrade of revision r3 failed");
      expect(run.stderr).toContain(
        "The run was one transaction and it was rolled back: no revision of it stays applied (the version table, read back, is at <base>, as before the run).",
      );
      // exactly as before: not even the version and history tables the run created
      expect(await backend.tables(project)).toEqual(before);

      // from r1, the same failure leaves r1 and its history row as they were
      expect((await cli("upgrade", "r1")).code).toBe(0);
      const rows = await historyRows();
      const json = await cli("upgrade", "--single-transaction", "--json");
      expect(json.code).toBe(1);
      const document = JSON.parse(json.stdout);
      expect(
        document.results.map((r: { revision: string; status: string }) => [r.revision, r.status]),
      ).toEqual([
        ["r2", "rolled_back"],
        ["r3", "failed"],
        ["r4", "not_run"],
      ]);
      expect(document.singleTransaction).toEqual({ outcome: "rolled-back" });
      expect(document.error.meta.singleTransaction).toBe("rolled-back");
      expect(document.heads).toEqual({ before: ["r1"], after: ["r1"] });
      expect(await versions()).toEqual(["r1"]);
      expect(await historyRows()).toBe(rows);
      expect((await backend.tables(project)).filter((t) => t.startsWith("t_"))).toEqual(["t_r1"]);
    });

    it("refuses a plan with a step that must commit on its own, naming it, before anything runs", async () => {
      const cases: [string, string, string][] = [
        [
          "r3",
          revision(
            "r3",
            "r2",
            [exec("CREATE TABLE t_r3 (id integer PRIMARY KEY)")],
            [],
            "\n  transactional: false,",
          ),
          "transactional: false",
        ],
        [
          "r2",
          revision(
            "r2",
            "r1",
            [
              exec("CREATE TABLE t_r2 (id integer PRIMARY KEY, n integer)"),
              'await op.backfill({ table: "t_r2", set: { n: "1" } });',
            ],
            [],
          ),
          "op.backfill",
        ],
        [
          "r4",
          revision(
            "r4",
            "r3",
            [
              exec("CREATE TABLE t_r4 (id integer PRIMARY KEY)"),
              'op.createIndex("t_r4_id", "t_r4", ["id"], { concurrently: true });',
            ],
            [],
          ),
          "createIndex with concurrently: true (operation #1)",
        ],
        [
          "r2",
          revision("r2", "r1", ['op.addEnumValue("mood", "meh");'], []),
          "addEnumValue (a new enum value is unusable until it commits) (operation #0)",
        ],
        [
          "r2",
          revision(
            "r2",
            "r1",
            [exec("CREATE TABLE t_r2 (id integer PRIMARY KEY)"), exec("-- done\nCOMMIT")],
            [],
          ),
          "op.execute of a statement that ends or opens a transaction (it would commit the run part-way) (operation #1)",
        ],
      ];
      for (const [id, text, reason] of cases) {
        await freshProject();
        writeChain(project, undefined, { [id]: text });
        const before = await backend.tables(project);
        const run = await cli("upgrade", "--single-transaction");
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toContain(
          `error[ATHANOR_SINGLE_TRANSACTION_REFUSED]: Revision ${id} cannot run inside a single transaction: its upgrade has ${reason}`,
        );
        expect(run.stdout).toBe("");
        expect(await backend.tables(project)).toEqual(before);
        const json = JSON.parse((await cli("upgrade", "--single-transaction", "--json")).stdout);
        expect(json.error).toMatchObject({
          code: "ATHANOR_SINGLE_TRANSACTION_REFUSED",
          meta: { revision: id },
        });
      }
    });

    it("a backfill it could not see before the run (after op.query) stops the run, rolled back whole", async () => {
      writeChain(project, undefined, {
        r3: revision(
          "r3",
          "r2",
          [
            exec("CREATE TABLE t_r3 (id integer PRIMARY KEY, n integer)"),
            exec("INSERT INTO t_r3 (id) VALUES (1)"),
            'await op.query("SELECT 1");',
            'await op.backfill({ table: "t_r3", set: { n: "1" } });',
          ],
          [],
        ),
      });
      // the lint gate would refuse DDL beside a backfill first: the run itself is what is tested
      const run = await cli("upgrade", "--single-transaction", "--ignore-lint-errors");
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        "error[ATHANOR_SINGLE_TRANSACTION_REFUSED]: upgrade of revision r3 failed",
      );
      expect(run.stderr).toContain(
        "Revision r3 cannot run inside a single transaction: its upgrade has op.backfill",
      );
      expect(run.stderr).toContain("it was rolled back: no revision of it stays applied");
      expect((await backend.tables(project)).filter((t) => t.startsWith("t_"))).toEqual([]);
    });

    it("a foreign key checked at the run's COMMIT rolls back every revision, and the summary says the COMMIT failed", async () => {
      writeChain(project, undefined, {
        r2: revision(
          "r2",
          "r1",
          [
            exec("CREATE TABLE t_p (id integer PRIMARY KEY)"),
            exec(
              "CREATE TABLE t_c (id integer PRIMARY KEY, p_id integer REFERENCES t_p (id) DEFERRABLE INITIALLY DEFERRED)",
            ),
            exec("INSERT INTO t_c (id, p_id) VALUES (1, 42)"),
          ],
          [],
        ),
      });
      const before = await backend.tables(project);
      const run = await cli("upgrade", "--single-transaction");
      expect(run.code).toBe(1);
      // every revision ran; none failed: the COMMIT did
      expect(run.stdout).not.toContain("FAILED");
      expect(run.stdout).toContain(
        "Rolled back the run's one transaction: 4 revisions had run in it, then its COMMIT failed; nothing of it stays applied, the database is at <base> (read back).",
      );
      expect(run.stderr).toContain("error[ATHANOR_MIGRATION_FAILED]: The run's COMMIT failed: ");
      expect(await backend.tables(project)).toEqual(before);
      const json = JSON.parse((await cli("upgrade", "--single-transaction", "--json")).stdout);
      expect(json.results.map((r: { status: string }) => r.status)).toEqual(Array(4).fill("rolled_back"));
      expect(json.error.meta).toMatchObject({ statement: "COMMIT", singleTransaction: "rolled-back" });
    });

    it("a COMMIT the run could not see before (op.query) is reported from the version table read back, not as a rollback", async () => {
      writeChain(project, "r3", {
        r2: revision(
          "r2",
          "r1",
          [exec("CREATE TABLE t_r2 (id integer PRIMARY KEY)"), 'await op.query("COMMIT");'],
          [],
        ),
      });
      const run = await cli("upgrade", "--single-transaction");
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        "not one transaction: the version table, read back, is at r2, neither as before the run nor where it leads",
      );
      expect(run.stdout).toContain(
        "The run's one transaction has no verified outcome: 2 revisions had run in it, then one failed; the version table, read back, is at r2.",
      );
      expect(run.stderr).toContain(
        "but the version table, read back, is at r2: neither where the run started (<base>) nor where its revisions lead (r2). A statement of a revision ended the run's transaction early",
      );
      expect(run.stderr).not.toContain("could not be read back");
      // what ran before the COMMIT stays, r1 and r2, and the version table says so (r3 ran outside
      // any transaction: SQLite keeps its statements before the failing one, PostgreSQL does not)
      expect(await versions()).toEqual(["r2"]);
      expect((await backend.tables(project)).filter((t) => t.startsWith("t_"))).toEqual(
        expect.arrayContaining(["t_r1", "t_r2"]),
      );
    });

    it("a partial revision left by a run a revision each: the config's single transaction advises the resume it accepts", async () => {
      writeChain(project, undefined, {
        r3: revision(
          "r3",
          "r2",
          [exec("CREATE TABLE t_r3 (id integer PRIMARY KEY)"), exec("INSERT INTO t_fix (id) VALUES (1)")],
          [],
          "\n  transactional: false,",
        ),
      });
      config(", singleTransaction: true");
      const partial = await cli("upgrade", "--no-single-transaction");
      expect(partial.code).toBe(1);
      const refused = await cli("upgrade");
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("error[ATHANOR_PARTIAL_REVISION]");
      expect(refused.stderr).toContain("hint: athanor upgrade --resume --no-single-transaction");
      // status and current advise the same command, in text and in --json
      for (const command of ["status", "current"]) {
        const text = await cli(command);
        expect(text.stdout, command).toContain("`athanor upgrade --resume --no-single-transaction`");
        const json = JSON.parse((await cli(command, "--json")).stdout);
        const runs = command === "status" ? json.versionTable.partialRuns : json.partialRuns;
        expect(runs[0].resume, command).toBe("athanor upgrade --resume --no-single-transaction");
      }
      await backend.query(project, "CREATE TABLE t_fix (id integer)");
      const resumed = await cli("upgrade", "--resume", "--no-single-transaction");
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(await versions()).toEqual(["r4"]);
    });

    it("takes singleTransaction from the config; --no-single-transaction overrides it", async () => {
      writeChain(project, "r3");
      config(", singleTransaction: true");
      const single = await cli("upgrade");
      expect(single.code).toBe(1);
      expect(single.stdout).toContain("rolled back the run's one transaction");
      expect((await backend.tables(project)).filter((t) => t.startsWith("t_"))).toEqual([]);
      const each = await cli("upgrade", "--no-single-transaction");
      expect(each.code).toBe(1);
      expect(await versions()).toEqual(["r2"]);
    });

    it("--sql --single-transaction prints one BEGIN … COMMIT around the whole script", async () => {
      writeChain(project);
      const sql = await cli("upgrade", "--sql", "--single-transaction");
      expect(sql.code, sql.stderr).toBe(0);
      const statements = sql.stdout.split("\n");
      const ends = statements.filter((line) => /^(BEGIN|COMMIT)\b/.test(line));
      expect(ends).toHaveLength(2);
      expect(ends[0]).toMatch(/^BEGIN\b/);
      expect(ends[1]).toBe("COMMIT;");
      expect(statements.findIndex((l) => l.startsWith("BEGIN"))).toBeLessThan(
        statements.findIndex((l) => l.startsWith("CREATE TABLE")),
      );
      const plain = await cli("upgrade", "--sql");
      expect(plain.stdout.split("\n").filter((line) => /^BEGIN\b/.test(line))).toHaveLength(4);
    });

    it("the --sql --single-transaction script leaves what the online run leaves, and nothing when a revision fails", async () => {
      writeChain(project);
      const online = await cli("upgrade", "--single-transaction");
      expect(online.code, online.stderr).toBe(0);
      const left = {
        versions: await versions(),
        tables: await backend.tables(project),
        rows: await historyRows(),
      };

      await freshProject();
      writeChain(project);
      const script = await cli("upgrade", "--sql", "--single-transaction");
      expect(script.code, script.stderr).toBe(0);
      await backend.executeScript(project, script.stdout);
      expect({
        versions: await versions(),
        tables: await backend.tables(project),
        rows: await historyRows(),
      }).toEqual(left);

      // r3's second INSERT fails: the script stops there, and its one transaction undoes r1 and r2
      await freshProject();
      writeChain(project, "r3");
      const failing = await cli("upgrade", "--sql", "--single-transaction");
      expect(failing.code, failing.stderr).toBe(0);
      const before = await backend.tables(project);
      await expect(backend.executeScript(project, failing.stdout)).rejects.toThrow(/t_r3/);
      expect(await backend.tables(project)).toEqual(before);
    });
  });
}
