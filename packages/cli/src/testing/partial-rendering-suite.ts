import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { writeGatedPartialProject } from "./gated-partial-project.js";
import { ok, runCli, tempDir } from "./harness.js";

/** Where the suite's project keeps its database. */
export interface PartialRenderingBackend {
  /** `init --dialect`: PGlite is `postgresql` without a URL. */
  readonly dialect: "postgresql" | "mysql" | "sqlite";
  env(project: string): Record<string, string>;
  /** One statement against the project's database, outside the CLI. */
  query(project: string, sql: string): Promise<unknown>;
}

const running = (createRequire(import.meta.url)("@athanor/core/package.json") as { version: string }).version;
// relative to the test files, which sit in packages/cli/src
const golden = (name: string) => `./status/__golden__/${name}`;
/**
 * What varies by database and run: the running version, which database (and dev database) it is,
 * and lint's findings (MariaDB's online-DDL rules warn on the raw ALTER).
 */
const normalise = (text: string) =>
  text
    .replaceAll(`athanor ${running}`, "athanor <running>")
    .replace(/^(Database: +|Dev database: +).*$/gm, "$1<database>")
    .replace(/^Lint: [\s\S]*?(?=^Checksums:)/m, "Lint:          <per database>\n");

/**
 * A partial run whose done statements this athanor can no longer vouch for (the history row is
 * another athanor version's, without a record of them): `status`, `current` and a plain
 * `upgrade` tell one story — why it cannot be resumed, the athanor version that started it
 * (which can), or undo by hand and stamp. One golden per command, the same on every database.
 */
export function describePartialRenderingStory(name: string, backend: PartialRenderingBackend): void {
  describe(`a partial run another athanor version started (${name})`, () => {
    let dir: string;
    let env: Record<string, string>;
    const cli = (argv: string[]) => runCli(dir, argv, { env });

    // r002 runs outside a transaction, so its first two statements commit; its statement #2
    // fails on the row r001 put in `gate`: a partial run with 2 statements done
    beforeAll(async () => {
      dir = tempDir("athanor-partial-story-");
      env = backend.env(dir);
      await ok(dir, ["init", "--dialect", backend.dialect]);
      const exec = (sql: string) => `op.execute(${JSON.stringify(sql)})`;
      // raw SQL: a builder call renders (and lints) differently on each database
      await writeGatedPartialProject(
        dir,
        exec("ALTER TABLE accounts ADD COLUMN w int"),
        exec("ALTER TABLE accounts DROP COLUMN w"),
      );
      const stopped = await cli(["upgrade"]);
      expect(stopped.code, stopped.stderr).toBe(1);
      expect(stopped.stderr).toContain("statements #0–#1 are applied and committed");
      await backend.query(
        dir,
        "UPDATE athanor_version_history SET athanor_version = '0.0.1-older', statements_fingerprint = NULL WHERE status = 'partial'",
      );
    }, 180_000);

    it("status, current and upgrade offer the athanor version that started the run, in the same words", async () => {
      const way =
        "either resume it with athanor 0.0.1-older: `athanor upgrade --resume`, or undo statements #0–#1 by hand, then `athanor stamp r001`";

      const status = await cli(["status"]);
      expect(status.code).toBe(1);
      await expect(normalise(status.stdout)).toMatchFileSnapshot(golden("partial-other-version-status.txt"));
      expect(status.stdout).toContain(way);

      const current = await cli(["current"]);
      await expect(normalise(current.stdout)).toMatchFileSnapshot(
        golden("partial-other-version-current.txt"),
      );
      expect(current.stdout).toContain(way);
      const json = JSON.parse((await cli(["current", "--json"])).stdout);
      expect(json.partialRuns).toMatchObject([
        {
          revision: "r002",
          resume: null,
          renderingChanged: true,
          recordedVersion: "0.0.1-older",
          restore: "resume it with athanor 0.0.1-older: `athanor upgrade --resume`",
        },
      ]);

      const upgrade = await cli(["upgrade"]);
      expect(upgrade.code).toBe(1);
      await expect(normalise(upgrade.stderr)).toMatchFileSnapshot(
        golden("partial-other-version-upgrade.txt"),
      );
      expect(upgrade.stderr).toContain(`E${way.slice(1)}.`);
    }, 120_000);

    it("without a recorded version, the way on names the athanor version that started it, unnamed", async () => {
      await backend.query(
        dir,
        "UPDATE athanor_version_history SET athanor_version = NULL WHERE status = 'partial'",
      );
      const way =
        "either resume it with the athanor version that started it: `athanor upgrade --resume`, or undo";
      const current = await cli(["current"]);
      expect(current.stdout).toContain(way);
      const status = await cli(["status"]);
      expect(status.stdout).toContain(way);
      expect(status.stdout).toContain(
        "athanor renders its done statements differently now: see `athanor current`",
      );
      expect((await cli(["upgrade"])).stderr).toContain(`E${way.slice(1)}`);
      const json = JSON.parse((await cli(["current", "--json"])).stdout);
      expect(json.partialRuns).toMatchObject([{ recordedVersion: null, resume: null }]);
    }, 120_000);
  });
}
