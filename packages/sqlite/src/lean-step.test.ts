// A simple revision on a file takes the runner's short step path (online-step.ts, applyStepLean).
// The suite compares it with the full path; each side runs on a file of its own. (Until the
// nineteenth session the short path was for synchronous connections only.)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { defineRevision, upgrade } from "@athanor/core";
import { describeLeanStepSuite } from "@athanor/core/testing";
import { afterAll, expect, test } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";
import { openSqliteConnection } from "./sqlite-driver.js";

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-lean-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string) => join(folder, `${name}.db`);

test("better-sqlite3 connections say they are synchronous", async () => {
  const conn = await openSqliteConnection(file("flag"));
  expect(conn.synchronous).toBe(true);
  await conn.close();
});

test("a short step on better-sqlite3 runs from its start to its COMMIT with no await", async () => {
  // a microtask queued as a revision starts runs only once the run awaits something: with the
  // script run now (Connection.executeScriptNow) none came before the revision ended
  const ranWithin: boolean[] = [];
  let ran = false;
  const revisions = [0, 1, 2].map((i) =>
    defineRevision({
      id: `r${i}`,
      parents: i === 0 ? [] : [`r${i - 1}`],
      upgrade: (op) => op.execute(`CREATE TABLE t_${i} (id integer)`),
      downgrade: (op) => op.execute(`DROP TABLE t_${i}`),
    }),
  );
  const result = await upgrade(
    {
      dialect: sqliteDialect({ file: file("no_await") }),
      revisions,
      onProgress: (event) => {
        if (event.type === "step-end") ranWithin.push(ran);
        if (event.type === "step-start") {
          ran = false;
          queueMicrotask(() => {
            ran = true;
          });
        }
      },
    },
    "heads",
  );
  expect(result.error).toBeUndefined();
  expect(ranWithin).toEqual([false, false, false]);
  // each revision committed with its own version and history rows all the same
  const conn = await openSqliteConnection(file("no_await"));
  try {
    const rows = (await conn.query("SELECT revision, status FROM athanor_version_history ORDER BY id")).rows;
    expect(rows).toEqual(revisions.map((r) => ({ revision: r.id, status: "ok" })));
  } finally {
    await conn.close();
  }
});

test("a short step whose revision module is not imported yet imports it, then runs and commits as any", async () => {
  // an op cache that knows every revision free of placeholders spares the run their imports
  // before the steps (refuse-placeholders.ts): each step imports its own module first
  const versions = mkdtempSync(join(folder, "versions-"));
  for (const i of [0, 1]) {
    writeFileSync(
      join(versions, `r${i}_t.mjs`),
      [
        "const defineRevision = (definition) => definition;",
        `export default defineRevision({ id: "r${i}", parents: ${JSON.stringify(i === 0 ? [] : ["r0"])},`,
        `  upgrade(op) { op.execute("CREATE TABLE t_${i} (id integer)"); },`,
        `  downgrade(op) { op.execute("DROP TABLE t_${i}"); } });`,
        "",
      ].join("\n"),
    );
  }
  const imported: string[] = [];
  const result = await upgrade(
    {
      dialect: sqliteDialect({ file: file("imported_late") }),
      revisions: versions,
      importer: (path, expected) => {
        imported.push(path);
        return import(`${pathToFileURL(path).href}?${expected?.checksum ?? ""}`);
      },
      opCache: { get: () => ({ placeholder: false }) as never, put: () => undefined, save: () => undefined },
    },
    "heads",
  );
  expect(result.error).toBeUndefined();
  expect(imported.length).toBe(2);
  const conn = await openSqliteConnection(file("imported_late"));
  try {
    expect(
      (await conn.query("SELECT revision, status FROM athanor_version_history ORDER BY id")).rows,
    ).toEqual([
      { revision: "r0", status: "ok" },
      { revision: "r1", status: "ok" },
    ]);
    expect(
      (await conn.query("SELECT name FROM sqlite_schema WHERE name LIKE 't_%' ORDER BY name")).rows,
    ).toEqual([{ name: "t_0" }, { name: "t_1" }]);
  } finally {
    await conn.close();
  }
});

describeLeanStepSuite("SQLite", {
  dialect: (name) => sqliteDialect({ file: file(name) }),
  async exec(name, statements) {
    const conn = await openSqliteConnection(file(name));
    try {
      await conn.executeScript(statements);
    } finally {
      await conn.close();
    }
  },
  async rows(name, sql) {
    const conn = await openSqliteConnection(file(name));
    try {
      return [...(await conn.query(sql)).rows];
    } finally {
      await conn.close();
    }
  },
  tablesSql: "SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'athanor%' ORDER BY name",
  countSql: "SELECT count(*) AS n FROM parent",
});
