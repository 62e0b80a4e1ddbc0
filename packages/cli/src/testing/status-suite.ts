import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseBackend } from "./database-backend.js";
import { runCli, tempDir } from "./harness.js";
import { buildStatusProject, STATUS_IDS as I, touchRevision } from "./status-project.js";

/** Something that holds the migration lock from another session while `hold` runs. */
export type LockHolderHook = (backend: DatabaseBackend) => Promise<{ release(): Promise<void> }>;

/**
 * Output with what varies between runs replaced: the database's description, the holder's
 * pid, address and session start.
 */
export function normaliseStatus(text: string): string {
  return text
    .replace(/(Database: +).*/g, "$1<database>")
    .replace(/"database": ".*"/g, '"database": "<database>"')
    .replace(/pid \d+/g, "pid <pid>")
    .replace(/"pid": \d+/g, '"pid": "<pid>"')
    .replace(/ from [0-9a-f.:]+/g, " from <addr>")
    .replace(/"clientAddr": "[^"]*"/g, '"clientAddr": "<addr>"')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, "<time>");
}

const golden = (name: string) => `./__golden__/${name}`;

/**
 * `athanor status` and `current` through a whole deploy on one backend: blocked (changed applied
 * revision, lint error, held lock when `holdLock` is given) → lint only → expand stage →
 * contract stage → up to date. Goldens per backend, since only a server shows the lock holder.
 */
export function defineStatusSuite(
  makeBackend: () => Promise<DatabaseBackend>,
  holdLock?: LockHolderHook,
): void {
  describe("athanor status through a deploy", () => {
    let backend: DatabaseBackend;
    let project: string;
    const cli = (argv: readonly string[]) => runCli(project, argv, { env: backend.env() });
    const okCli = async (argv: readonly string[]) => {
      const result = await cli(argv);
      if (result.code !== 0)
        throw new Error(`athanor ${argv.join(" ")} exited ${result.code}: ${result.stderr}`);
      return result;
    };

    beforeAll(async () => {
      backend = await makeBackend();
      project = tempDir("athanor-status-");
      await buildStatusProject(project);
      await okCli(["upgrade", I.expand]);
      touchRevision(project, I.base);
    });
    afterAll(async () => backend?.dispose());

    it("is blocked by a changed applied revision and a lint error; shows phases, waits and the lock (goldens)", async () => {
      const held = holdLock ? await holdLock(backend) : undefined;
      try {
        const text = await cli(["status"]);
        expect(text.stderr).toBe("");
        expect(text.code).toBe(1);
        await expect(normaliseStatus(text.stdout)).toMatchFileSnapshot(golden(`blocked-${backend.name}.txt`));
        const json = await cli(["status", "--json"]);
        expect(json.code).toBe(1);
        await expect(normaliseStatus(json.stdout)).toMatchFileSnapshot(
          golden(`blocked-${backend.name}.json.txt`),
        );

        const report = JSON.parse(json.stdout);
        expect(report.verdict.kind).toBe("blocked");
        expect(report.versionTable.heads).toEqual([I.expand]);
        expect(report.checksums).toMatchObject({ state: "mismatch", mismatched: [{ revision: I.base }] });
        expect(report.lint.counts.error).toBe(1);
        expect(report.lint.top[0]).toMatchObject({ severity: "error", revision: I.billing });
        expect(report.lint.counts).toEqual({ error: 1, warning: 0, info: 0 });
        expect(report.lint.top[0].file).toBe(`migrations/versions/${I.billing}_rev.ts`);
        const main = report.heads.find((h: { head: string }) => h.head === I.after);
        expect(main.databaseAt).toEqual([I.expand]);
        expect(
          main.pending.map((p: { revision: string; waitsFor: unknown }) => [p.revision, p.waitsFor]),
        ).toEqual([
          [I.migrate, null],
          [I.contract, { kind: "old-code-gone" }],
          [I.after, { kind: "after-contract", contract: [I.contract] }],
        ]);
        const billing = report.heads.find((h: { head: string }) => h.head === I.billingContract);
        expect(billing.labels).toEqual(["billing"]);
        expect(billing.pending.map((p: { phase: string }) => p.phase)).toEqual(["expand", "contract"]);
        expect(report.pending.runnable).toEqual({ expand: 1, migrate: 1, ordinary: 0, contract: 0 });
        expect(report.pending.waiting).toEqual({ expand: 0, migrate: 0, ordinary: 1, contract: 2 });
        if (holdLock) {
          expect(report.lock.state).toBe("held");
          expect(report.lock.holder.applicationName).toBe("deploy-bot");
        } else {
          expect(report.lock).toEqual({ state: "free", holder: null });
        }
      } finally {
        await held?.release();
      }
    });

    it("after the checksum is accepted, only the lint error stands in the way", async () => {
      await okCli(["checksums", "accept", I.base]);
      const result = await cli(["status", "--json"]);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report.checksums.state).toBe("ok");
      expect(report.problems).toEqual([{ kind: "lint-errors", count: 1 }]);
      expect(report.verdict.line).toBe(
        "not ready: 1 lint error in pending revisions — fix or silence it with a reason, then run `athanor upgrade heads --phase expand`",
      );
    });

    it("current lists the contract steps that wait, and why (golden)", async () => {
      const text = await okCli(["current"]);
      await expect(text.stdout).toMatchFileSnapshot(golden("current-waiting.txt"));
      const json = JSON.parse((await okCli(["current", "--json"])).stdout);
      expect(json.waiting.map((w: { revision: string }) => w.revision)).toEqual([
        I.billingContract,
        I.contract,
        I.after,
      ]);
    });

    it("upgrade --phase refuses --sql and unknown stages (usage, exit 2)", async () => {
      const offline = await cli(["upgrade", "heads", "--phase", "expand", "--sql"]);
      expect(offline.code).toBe(2);
      expect(offline.stderr).toContain("--phase needs the database");
      expect((await cli(["upgrade", "heads", "--phase", "contract"])).code).toBe(2);
    });

    it("upgrade --phase expand runs the expand stage and holds back the contract stage", async () => {
      // status says not ready for bil001's lint error, so upgrade refuses too until overridden
      const refused = await cli(["upgrade", "heads", "--phase", "expand"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("error[ATHANOR_LINT_ERRORS]");
      expect(refused.stderr).toContain(`${I.billing} (migrations/versions/${I.billing}_`);
      const run = await okCli(["upgrade", "heads", "--phase", "expand", "--ignore-lint-errors"]);
      // listed in plan order (Alembic's walk from the heads in file order)
      expect(run.stdout).toContain(
        `Held back for the contract stage: ${I.contract}, ${I.after}, ${I.billingContract};`,
      );
      const rows = await backend.query<{ version_num: string }>(
        project,
        "SELECT version_num FROM athanor_version ORDER BY version_num",
      );
      expect(rows.map((r) => r.version_num)).toEqual([I.billing, I.migrate]);

      const text = await cli(["status"]);
      expect(text.code).toBe(0);
      await expect(normaliseStatus(text.stdout)).toMatchFileSnapshot(
        golden(`contract-stage-${backend.name}.txt`),
      );
      const report = JSON.parse((await cli(["status", "--json"])).stdout);
      expect(report.verdict).toEqual({
        kind: "ready-contract",
        command: "athanor upgrade heads",
        line: "contract stage: run `athanor upgrade heads` once no running code uses what it removes: 1 ordinary, 2 contract pending",
      });
      expect(report.lint.counts).toEqual({ error: 0, warning: 0, info: 0 });
    });

    it("a plain upgrade finishes the job and status says up to date", async () => {
      await okCli(["upgrade", "heads"]);
      const result = await cli(["status", "--json"]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.verdict).toEqual({
        kind: "up-to-date",
        command: null,
        line: "up to date: the database is at all 2 heads",
      });
      expect(report.heads.every((h: { pending: unknown[] }) => h.pending.length === 0)).toBe(true);
      expect((await okCli(["current"])).stdout).not.toContain("Waiting");
    });
  });
}
