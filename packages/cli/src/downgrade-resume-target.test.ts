import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildCli } from "./testing/build-cli.js";
import { postgresBackend } from "./testing/database-backend.js";
import { runCli, tempDir } from "./testing/harness.js";
import { mariadbDatabases } from "./testing/mariadb-databases.js";
import { inShell } from "./testing/shell-advice.js";

// `downgrade base` stopped part-way in r2's downgrade. Its own error, and the refusal of a second
// `downgrade base` (ATHANOR_PARTIAL_REVISION), advised `athanor downgrade --resume`, which
// finishes r2 and stops at r1, short of the base that was asked for. Both now advise
// `athanor downgrade base --resume`: pasted into `sh -c` as printed (the built CLI), it finishes
// r2 and goes on to base, as the downgrade the user typed would have. PostgreSQL 15 (a revision
// with transactional: false) and MariaDB 10.11 (DDL commits by itself), each in a database of
// this file's own.
interface Server {
  readonly url: string;
  query(sql: string): Promise<unknown[]>;
  dispose(): Promise<void>;
}

const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const dispose of disposers) await dispose();
});

async function postgres(project: string, _case: string): Promise<Server> {
  const backend = await postgresBackend("downgrade_resume");
  return { url: backend.url, query: (sql) => backend.query(project, sql), dispose: () => backend.dispose() };
}

async function mariadb(_project: string, name: string): Promise<Server> {
  const database = `downgrade_resume_${name}`;
  const dbs = await mariadbDatabases([database]);
  const url = dbs.urlOf(database);
  return {
    url,
    query: async (sql) => (await dbs.root.query(sql.replace(/(TABLE|FROM) /, `$1 ${database}.`))).rows,
    dispose: () => dbs.dispose(),
  };
}

function writeProject(project: string, url: string, dialect: string): void {
  mkdirSync(join(project, "versions"));
  writeFileSync(join(project, "package.json"), "{}\n");
  const revision = (id: string, parents: string[], up: string[], down: string[]) =>
    writeFileSync(
      join(project, "versions", `${id}.mjs`),
      `const defineRevision = (definition) => definition;
export default defineRevision({
  id: "${id}", parents: ${JSON.stringify(parents)}, message: "${id}", transactional: false,
  upgrade(op) { ${up.map((s) => `op.execute(${JSON.stringify(s)});`).join(" ")} },
  downgrade(op) { ${down.map((s) => `op.execute(${JSON.stringify(s)});`).join(" ")} },
});
`,
    );
  revision("r1", [], ["CREATE TABLE t1 (id int)"], ["DROP TABLE t1"]);
  revision(
    "r2",
    ["r1"],
    ["CREATE TABLE t2 (id int)", "CREATE TABLE extra (id int)"],
    ["DROP TABLE t2", "DROP TABLE extra"],
  );
  writeFileSync(
    join(project, "athanor.config.mjs"),
    `export default ${JSON.stringify({ dialect, url, versions: "versions" })};\n`,
  );
}

/** A project at head on a database of its own whose `downgrade base` stopped part-way in r2. */
async function stoppedDowngrade(
  connect: (project: string, name: string) => Promise<Server>,
  dialect: string,
  name: string,
) {
  await buildCli();
  const project = tempDir(`athanor-downgrade-${name}-`);
  const server = await connect(project, name);
  disposers.push(() => server.dispose());
  writeProject(project, server.url, dialect);
  const up = await runCli(project, ["upgrade", "head"]);
  expect(up.code, up.stderr).toBe(0);
  // r2's downgrade drops t2, then fails on the missing `extra`: partial, statement #0 done
  await server.query("DROP TABLE extra");
  const stopped = await runCli(project, ["downgrade", "base"]);
  expect(stopped.code, stopped.stdout).toBe(1);
  expect(stopped.stderr).toContain("stopped part-way");
  await server.query("CREATE TABLE extra (id int)");
  return { project, server, stopped };
}

/** The `athanor downgrade ... --resume` advice in `output`, run through `sh -c` as printed, ends at base. */
async function pastedEndsAtBase(project: string, server: Server, output: string): Promise<void> {
  const advice = /`(athanor downgrade[^`]*--resume)`/.exec(output)?.[1];
  expect(advice, output).toBe("athanor downgrade base --resume");
  const pasted = inShell(project, advice as string);
  expect(pasted.code, pasted.out).toBe(0);
  expect((await runCli(project, ["current"])).stdout.trim()).toBe("");
  expect(await server.query("SELECT * FROM athanor_version")).toEqual([]);
}

describe.each([
  ["PostgreSQL", "postgresql", postgres],
  ["MariaDB", "mysql", mariadb],
] as const)(
  "%s: a stopped or refused downgrade TARGET advises TARGET --resume",
  (_name, dialect, connect) => {
    test("the refusal's advice, pasted, finishes the stopped revision and goes on to base", async () => {
      const { project, server } = await stoppedDowngrade(connect, dialect, "refused");
      const refused = await runCli(project, ["downgrade", "base"]);
      expect(refused.stderr).toContain("ATHANOR_PARTIAL_REVISION");
      await pastedEndsAtBase(project, server, refused.stderr);
    }, 300_000);

    test("the stopped downgrade's own advice, pasted, finishes the stopped revision and goes on to base", async () => {
      const { project, server, stopped } = await stoppedDowngrade(connect, dialect, "stopped");
      await pastedEndsAtBase(project, server, stopped.stderr);
    }, 300_000);
  },
);
