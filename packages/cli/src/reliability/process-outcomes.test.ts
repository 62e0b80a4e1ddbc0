import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, tempDir } from "../testing/harness.js";
import { setBody } from "../testing/sample-database-project.js";
import { buildBin, runBin } from "./bin-process.js";
import { type ScratchDatabase, scratchDatabase } from "./scratch-server.js";

// Issue 14 items 9 and 14: every way the process ends prints an outcome with a code — an error
// a revision raised without awaiting it, a promise that never settles (Node's silent exit 13),
// and a reader that closes the pipe early, which is not an error at all.
const BIN = fileURLToPath(new URL("../../bin.js", import.meta.url));

let db: ScratchDatabase;
beforeAll(async () => {
  await buildBin();
  db = await scratchDatabase("postgresql", "outcome");
}, 300_000);
afterAll(() => db?.dispose());

describe("a revision's stray promise", () => {
  it("an unhandled rejection is ATHANOR_UNHANDLED_ERROR, and the database is consistent", async () => {
    await db.reset();
    const dir = tempDir("athanor-outcome-");
    await ok(dir, ["init", "--dialect", "postgresql"]);
    await ok(dir, ["revision", "-m", "stray", "--rev-id", "a1"]);
    setBody(
      dir,
      "a1",
      'void Promise.reject(new Error("boom")); op.execute("CREATE TABLE t1 (id int)")',
      'op.execute("DROP TABLE t1")',
    );
    const run = await runBin(dir, ["upgrade", "--json"], { DATABASE_URL: db.url });
    expect(run.code, run.stderr).toBe(1);
    const error = JSON.parse(run.stdout).error;
    expect(error.code).toBe("ATHANOR_UNHANDLED_ERROR");
    expect(error.message).toContain("boom");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    await db.waitForNoOtherSessions();
    const tables = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 't1'",
    );
    const version = (await db.versionRows()) ?? [];
    expect(version.length === 0 ? 0 : 1).toBe(tables[0]?.n);
  });

  it("a command whose promise can never settle ends with a coded outcome, not a silent exit 13", () => {
    // What a driver that drops a connection without settling its query does: the event loop
    // empties while the command still waits. Node alone exits 13 without a word.
    const guards = fileURLToPath(new URL("../../dist/process-guards.js", import.meta.url));
    for (const json of [true, false]) {
      const script = `const { runProcess } = await import(${JSON.stringify(guards)});
process.exitCode = await runProcess(${JSON.stringify(json ? ["upgrade", "--json"] : ["upgrade"])}, () => new Promise(() => {}));`;
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
      expect(run.status).toBe(1);
      const output = json ? JSON.parse(run.stdout).error.code : run.stderr;
      expect(output).toContain("ATHANOR_UNHANDLED_ERROR");
    }
  });
});

it("`athanor history -v | head -1` ends quietly when the reader goes away", () => {
  const dir = tempDir("athanor-outcome-");
  writeFileSync(join(dir, "athanor.config.ts"), 'export default { dialect: "postgresql", versions: "v" };\n');
  const versions = join(dir, "v");
  mkdirSync(versions);
  let parent: string | undefined;
  for (let i = 0; i < 2000; i++) {
    const id = `r${String(i).padStart(5, "0")}`;
    writeFileSync(
      join(versions, `${id}.ts`),
      `import { defineRevision } from "@athanor/core";\nexport default defineRevision({ id: "${id}", parents: ${JSON.stringify(parent ? [parent] : [])}, message: "revision ${i} of a long history", upgrade() {}, downgrade() {} });\n`,
    );
    parent = id;
  }
  const run = spawnSync("bash", ["-c", `set -o pipefail; node ${JSON.stringify(BIN)} history -v | head -1`], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(run.stdout).toBe("Rev: r01999 (head)\n");
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
});
