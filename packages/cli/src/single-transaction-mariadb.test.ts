import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildCli, spawnCli } from "./testing/build-cli.js";
import { runCli, tempDir } from "./testing/harness.js";
import { type MariadbDatabases, mariadbDatabases } from "./testing/mariadb-databases.js";

// MariaDB commits each DDL statement by itself, so a run cannot be one transaction: the CLI
// refuses --single-transaction (and the config's singleTransaction) with a code, a non-zero exit
// and nothing changed — online and for --sql alike.
const DATABASE = `athanor_single_tx_${process.pid}`;
const R1 = `const defineRevision = (d) => d;
export default defineRevision({ id: "r1", parents: [], message: "make t",
  upgrade(op) { op.execute("CREATE TABLE t (id int PRIMARY KEY)"); },
  downgrade(op) { op.execute("DROP TABLE t"); },
});
`;
let dbs: MariadbDatabases;
let project: string;
beforeAll(async () => {
  dbs = await mariadbDatabases([DATABASE]);
  project = tempDir("athanor-single-tx-mariadb-");
  writeFileSync(join(project, "package.json"), "{}\n");
  writeFileSync(
    join(project, "athanor.config.mjs"),
    `export default { dialect: "mysql", url: ${JSON.stringify(dbs.urlOf(DATABASE))}, versions: "migrations/versions" };\n`,
  );
  mkdirSync(join(project, "migrations/versions"), { recursive: true });
  writeFileSync(join(project, "migrations/versions/r1.mjs"), R1);
}, 60_000);
afterAll(async () => dbs?.dispose());

const tables = async () =>
  (
    await dbs.root.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = '${DATABASE}'`,
    )
  ).rows.map((r) => r.t);

test.each([
  [["upgrade", "--single-transaction"]],
  [["upgrade", "--sql", "--single-transaction"]],
  [["downgrade", "base", "--single-transaction"]],
])("athanor %j is refused with ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED, nothing changed", async (argv) => {
  const run = await runCli(project, argv);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain(
    // a mysql:// URL may reach either server; nothing connected to tell which
    "error[ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED]: A single-transaction run needs DDL that rolls back, and on MySQL/MariaDB each DDL statement commits by itself",
  );
  expect(await tables()).toEqual([]);
  const json = await runCli(project, [...argv, "--json"]);
  expect(json.code).toBe(1);
  expect(JSON.parse(json.stdout).error).toMatchObject({
    code: "ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED",
    meta: { dialect: "mysql" },
  });
});

/** A project of r1 whose config at `url` says `singleTransaction: true`. */
function singleTransactionProject(url: string): string {
  const project = tempDir("athanor-single-tx-mariadb-config-");
  writeFileSync(join(project, "package.json"), "{}\n");
  mkdirSync(join(project, "migrations/versions"), { recursive: true });
  writeFileSync(join(project, "migrations/versions/r1.mjs"), R1);
  writeFileSync(
    join(project, "athanor.config.mjs"),
    `export default { dialect: "mysql", url: ${JSON.stringify(url)}, versions: "migrations/versions", singleTransaction: true };\n`,
  );
  return project;
}

test("a mariadb:// URL is named MariaDB in the refusal; the config's singleTransaction is refused as the flag is", async () => {
  // a project of its own: this process imported the first project's config module already
  const project = singleTransactionProject(dbs.urlOf(DATABASE).replace(/^mysql:/, "mariadb:"));
  const run = await runCli(project, ["upgrade"]);
  expect(run.code, `${run.stdout}${run.stderr}`).toBe(1);
  expect(run.stderr).toContain(
    "error[ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED]: A single-transaction run needs DDL that rolls back, and on MariaDB each DDL statement commits by itself",
  );
  expect(run.stderr).not.toContain("mysql");
  expect(await tables()).toEqual([]);
});

test("a no-op summary does not answer a plain upgrade the config's singleTransaction refuses; --no-single-transaction keeps it", async () => {
  const project = singleTransactionProject(dbs.urlOf(DATABASE));
  // files written just now are not summarised (they may still be changing): dated 10 s back
  const past = new Date(Date.now() - 10_000);
  for (const path of ["migrations/versions/r1.mjs", "migrations/versions", "athanor.config.mjs"])
    utimesSync(join(project, path), past, past);
  // a cache of this test's own, where the run stores the folder's no-op summary
  const env = { XDG_CACHE_HOME: tempDir("athanor-single-tx-mariadb-cache-") };
  // the built bin: a plain `upgrade` tries the summary before main.js loads (noop-upgrade.ts)
  await buildCli();
  const each = await spawnCli(project, ["upgrade", "--no-single-transaction"], env);
  expect(each.code, each.stderr).toBe(0);
  const again = await spawnCli(project, ["upgrade", "--no-single-transaction"], env);
  expect(again.stdout).toContain("Nothing to upgrade: the database is at r1.");
  // the summary would say "nothing to do"; the config asks what this server cannot do
  const plain = await spawnCli(project, ["upgrade"], env);
  expect(plain.code, plain.stdout).toBe(1);
  expect(plain.stderr).toContain("error[ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED]");
}, 300_000);
