import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineRevision, downgrade, isAthanorError, renderSql, upgrade } from "@athanor/core";
import { afterAll, expect, test } from "vitest";
import { d1Dialect } from "./d1-dialect.js";
import { openMiniflareD1 } from "./d1-throwaway.js";

// Cloudflare D1 commits every statement by itself (a batch is its only transaction), so a run
// cannot be one transaction: `singleTransaction` is refused with a code before anything is sent,
// online and offline, and the database stays empty.
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-d1-single-"));
const opened: { dispose(): Promise<void> }[] = [];
afterAll(async () => {
  for (const mf of opened) await mf.dispose();
  rmSync(folder, { recursive: true, force: true });
});

const revision = defineRevision({
  id: "s1",
  parents: [],
  upgrade: (op) => op.execute("CREATE TABLE s_one (id integer)"),
  downgrade: (op) => op.execute("DROP TABLE s_one"),
});

test("singleTransaction on D1: ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED, nothing sent", async () => {
  const mf = await openMiniflareD1(join(folder, "refused"));
  opened.push(mf);
  const options = { dialect: d1Dialect({ database: mf.database }), revisions: [revision] };
  const sent: string[] = [];
  const refusal = (run: Promise<unknown>) =>
    run.then(
      () => undefined,
      (error: unknown) => error,
    );
  for (const error of [
    await refusal(upgrade(options, "heads", { singleTransaction: true, onStatement: (s) => sent.push(s) })),
    await refusal(downgrade(options, "base", { singleTransaction: true, onStatement: (s) => sent.push(s) })),
    await refusal(renderSql(options, { direction: "upgrade", target: "heads", singleTransaction: true })),
  ]) {
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_SINGLE_TRANSACTION_UNSUPPORTED");
    expect((error as Error).message).toContain("on Cloudflare D1 every statement commits by itself");
  }
  expect(sent).toEqual([]);
  const tables = await mf.database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
  expect(tables.results.filter((t) => !String((t as { name: string }).name).startsWith("_cf"))).toEqual([]);
});
