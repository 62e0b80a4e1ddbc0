import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { sqliteDialect } from "@athanor/sqlite";
import { beforeEach, describe, expect, it } from "vitest";
import { writeGatedPartialProject } from "./testing/gated-partial-project.js";
import { ok, runCli, tempDir } from "./testing/harness.js";

// `upgrade --resume` after athanor itself changed between the crash and the resume: the partial
// row's record of its done statements (or, from an older athanor, its version) no longer matches
// what this athanor renders, so the resume is refused before anything runs (ATHANOR_RESUME_REFUSED,
// exit 1) and status/current say why. The golden is the refusal as a user reads it.
const golden = (name: string) => `./__golden__/${name}`;
const running = (createRequire(import.meta.url)("@athanor/core/package.json") as { version: string }).version;
const normalise = (text: string) => text.replaceAll(`athanor ${running}`, "athanor <running>");

describe("upgrade --resume when the rendering changed (SQLite)", () => {
  let dir: string;
  let env: Record<string, string>;
  const query = async (sql: string) => {
    const conn = await sqliteDialect({ file: join(dir, "app.db") }).connect();
    try {
      return [...(await conn.query<Record<string, unknown>>(sql)).rows];
    } finally {
      await conn.close();
    }
  };
  const snapshot = async () => ({
    accounts: await query("SELECT * FROM accounts ORDER BY id"),
    heads: await query("SELECT version_num FROM athanor_version"),
    history: await query("SELECT * FROM athanor_version_history ORDER BY id"),
  });
  const partialRow = async () =>
    (
      await query("SELECT id, statements_fingerprint FROM athanor_version_history WHERE status = 'partial'")
    )[0];

  // r002 runs outside a transaction (each statement commits with its record); its statement #2
  // fails while `gate` holds a row, which the test then removes: a partial run with 2 done
  beforeEach(async () => {
    dir = tempDir("athanor-resume-rendering-");
    env = { DATABASE_URL: `file:${join(dir, "app.db")}` };
    await ok(dir, ["init", "--dialect", "sqlite"]);
    await writeGatedPartialProject(
      dir,
      'op.addColumn("accounts", { name: "w", type: "int" })',
      'op.dropColumn("accounts", "w")',
    );
    const stopped = await runCli(dir, ["upgrade"], { env });
    expect(stopped.code, stopped.stderr).toBe(1);
    expect(stopped.stderr).toContain("statements #0–#1 are applied and committed");
    await query("DELETE FROM gate");
  });

  it("a recorded statement that renders differently now: refused, nothing changed, status and current say why; the record's own rendering resumes", async () => {
    const row = await partialRow();
    const recorded = String(row?.statements_fingerprint);
    // the run as a renderer that spelled the added column without COLUMN would have recorded it
    const record = JSON.parse(recorded) as { n: number; each: [string, string?][] };
    expect(record.n).toBe(2);
    const older = 'ALTER TABLE "accounts" ADD "w" int';
    const sha = (text: string) => createHash("sha256").update(text).digest("hex");
    const digests = [sha(older), sha("UPDATE accounts SET balance = balance + 50")];
    expect(record.each[1]?.[0]).toBe(digests[1]?.slice(0, 16));
    const tampered = JSON.stringify({
      v: 1,
      n: 2,
      all: sha(digests.join("\n")),
      each: [[digests[0]?.slice(0, 16), older], record.each[1]],
    });
    await query(
      `UPDATE athanor_version_history SET statements_fingerprint = ${literal(tampered)}, athanor_version = '0.0.1-older' WHERE id = ${row?.id}`,
    );
    const before = await snapshot();

    const refused = await runCli(dir, ["upgrade", "--resume"], { env });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    await expect(normalise(refused.stderr)).toMatchFileSnapshot(golden("resume-rendering-changed.txt"));
    expect(await snapshot()).toEqual(before);

    // a plain upgrade tells the same story: no advice to run the resume just refused
    const plain = await runCli(dir, ["upgrade"], { env });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain("ATHANOR_PARTIAL_REVISION");
    expect(plain.stderr).not.toContain("Next:");
    expect(normalise(plain.stderr)).toContain(
      "It cannot be resumed: its revision file is unchanged, but athanor <running> renders statement #0 of it differently from athanor 0.0.1-older",
    );
    expect(plain.stderr).toContain(
      "Either resume it with athanor 0.0.1-older: `athanor upgrade --resume`, or undo",
    );
    expect(await snapshot()).toEqual(before);

    const status = await runCli(dir, ["status"], { env });
    expect(status.stdout).toContain(
      "Partial run:   the upgrade of revision r002 stopped part-way: statements #0–#1 are applied and committed; it cannot be resumed: its revision file is unchanged, but athanor",
    );
    // and, as the refusals do, the athanor version that can resume it
    expect(status.stdout).toContain(
      "; either resume it with athanor 0.0.1-older: `athanor upgrade --resume`, or undo",
    );
    const current = JSON.parse((await runCli(dir, ["current", "--json"], { env })).stdout);
    expect(current.partialRuns).toMatchObject([{ revision: "r002", resume: null, renderingChanged: true }]);

    await query(
      `UPDATE athanor_version_history SET statements_fingerprint = ${literal(recorded)} WHERE id = ${row?.id}`,
    );
    const resumed = await runCli(dir, ["upgrade", "--resume"], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await query("SELECT id, balance, w FROM accounts ORDER BY id")).toEqual([
      { id: 1, balance: 150, w: null },
      { id: 2, balance: 150, w: null },
      { id: 3, balance: 150, w: null },
    ]);
  });

  it("a partial row of an older athanor without a record: refused by another version, resumed by the same", async () => {
    const row = await partialRow();
    await query(
      `UPDATE athanor_version_history SET statements_fingerprint = NULL, athanor_version = '0.0.1-older' WHERE id = ${row?.id}`,
    );
    const before = await snapshot();
    const refused = await runCli(dir, ["upgrade", "--resume"], { env });
    expect(refused.code).toBe(1);
    await expect(normalise(refused.stderr)).toMatchFileSnapshot(golden("resume-unrecorded-version.txt"));
    expect(await snapshot()).toEqual(before);

    await query(`UPDATE athanor_version_history SET athanor_version = '${running}' WHERE id = ${row?.id}`);
    const resumed = await runCli(dir, ["upgrade", "--resume"], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
  });
});

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
