import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadRevisionHeaders } from "@athanor/core";
import { expect, test } from "vitest";
import { runCli, tempDir } from "./testing/harness.js";

// The CLI's next-step words (command lines) hold for its own run only: a library call in the same
// process — a test file sharing a vitest worker, an app that also runs the CLI — after or beside
// a CLI run still reads the library's words (they were set process-wide and leaked).

const LIBRARY = "point the `revisions` option at the folder";
const CLI = "`athanor init` writes both";

async function libraryMessage(dir: string): Promise<string> {
  const error = await loadRevisionHeaders(join(dir, "missing")).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: "ATHANOR_VERSIONS_DIR_NOT_FOUND" });
  return (error as Error).message;
}

test("a library call after and beside a CLI run keeps the library's next-step words", async () => {
  const dir = tempDir("athanor-next-step-");
  expect((await runCli(dir, ["init", "--dialect", "sqlite"])).code).toBe(0);
  rmSync(join(dir, "migrations/versions"), { recursive: true });
  const before = await libraryMessage(dir);
  expect(before).toContain(LIBRARY);

  const cli = await runCli(dir, ["heads"]);
  expect(cli.code).toBe(1);
  expect(cli.stderr).toContain(CLI);
  expect(await libraryMessage(dir)).toBe(before);

  // runs at once: each speaks its own language
  const [beside, run] = await Promise.all([libraryMessage(dir), runCli(dir, ["history"])]);
  expect(beside).toBe(before);
  expect(run.stderr).toContain(CLI);
});
