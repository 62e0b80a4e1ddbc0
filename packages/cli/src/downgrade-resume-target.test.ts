import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildCli } from "./testing/build-cli.js";
import { postgresBackend } from "./testing/database-backend.js";
import { runCli, tempDir } from "./testing/harness.js";
import { mariadbDatabases } from "./testing/mariadb-databases.js";
import { inShell } from "./testing/shell-advice.js";

// `downgrade base` stopped part-way in r2's downgrade; a second `downgrade base` is refused
// (ATHANOR_PARTIAL_REVISION). Its advice was `athanor downgrade --resume`, which finishes r2 and
// stops at r1, short of the base that was asked for. It is now `athanor downgrade base --resume`:
// pasted into `sh -c` as printed (the built CLI), it finishes r2 and goes on to base, as the
// downgrade the user typed would have. PostgreSQL 15 (a revision with transactional: false) and
// MariaDB 10.11 (DDL commits by itself), each in a database of this file's own.
interface Server {
  readonly url: string;
  query(sql: string): Promise<unknown[]>;
  dispose(): Promise<void>;
}

const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const dispose of disposers) await dispose();
});

async function postgres(project: string): Promise<Server> {
  const backend = await postgresBackend("downgrade_resume");
  return { url: backend.url, query: (sql) => backend.query(project, sql), dispose: () => backend.dispose() };
}

async function mariadb(): Promise<Server> {
  const dbs = await mariadbDatabases(["downgrade_resume_target"]);
  const url = dbs.urlOf("downgrade_resume_target");
  return {
    url,
    query: async (sql) =>
      (await dbs.root.query(sql.replace(/(TABLE|FROM) /, "$1 downgrade_resume_target."))).rows,
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

describe.each([
  ["PostgreSQL", "postgresql", postgres],
  ["MariaDB", "mysql", mariadb],
] as const)("%s: a refused downgrade TARGET advises TARGET --resume", (_name, dialect, connect) => {
  test("the advice, pasted, finishes the stopped revision and goes on to base", async () => {
    await buildCli();
    const project = tempDir("athanor-downgrade-resume-");
    const server = await connect(project);
    disposers.push(() => server.dispose());
    writeProject(project, server.url, dialect);
    const up = await runCli(project, ["upgrade", "head"]);
    expect(up.code, up.stderr).toBe(0);
    // r2's downgrade drops t2, then fails on the missing `extra`: partial, statement #0 done
    await server.query("DROP TABLE extra");
    const stopped = await runCli(project, ["downgrade", "base"]);
    expect(stopped.code, stopped.stdout).toBe(1);
    await server.query("CREATE TABLE extra (id int)");
    const refused = await runCli(project, ["downgrade", "base"]);
    expect(refused.stderr).toContain("ATHANOR_PARTIAL_REVISION");
    const advice = /`(athanor downgrade[^`]*--resume)`/.exec(refused.stderr)?.[1];
    expect(advice, refused.stderr).toBe("athanor downgrade base --resume");
    const pasted = inShell(project, advice as string);
    expect(pasted.code, pasted.out).toBe(0);
    const current = await runCli(project, ["current"]);
    expect(current.stdout.trim()).toBe("");
    expect(await server.query("SELECT * FROM athanor_version")).toEqual([]);
  }, 300_000);
});
