import { defineRevision, type RunResult, upgrade } from "@athanor/core";
import { mysqlDialect } from "../mysql-dialect.js";

type UpgradeBody = Parameters<typeof defineRevision>[0]["upgrade"];

/**
 * Upgrades the database at `url` through one revision `r1` whose upgrade is `body`, with its own
 * version table; the result, not a throw, when it fails.
 *
 * @example
 * ```ts
 * const run = await upgradeOneRevision(db.url, "v_guard", async (op) => void (await op.requireNoDependents("t", ["c"])));
 * ```
 */
export function upgradeOneRevision(url: string, versionTable: string, body: UpgradeBody): Promise<RunResult> {
  return upgrade({
    dialect: mysqlDialect({ url }),
    revisions: [
      defineRevision({ id: "r1", parents: [], message: "one revision", upgrade: body, downgrade() {} }),
    ],
    versionTable: { name: versionTable },
  });
}
