// Child process of concurrency.test.ts: runs `upgrade heads` once against the URL in argv[2]
// with the package's built output, then prints the run result as JSON.
import { defineRevision, upgrade } from "@athanor/core";
import { mysqlDialect } from "../../dist/index.js";

const url = process.argv[2];
const revisions = Array.from({ length: 12 }, (_, n) =>
  defineRevision({
    id: `c${String(n).padStart(2, "0")}`,
    parents: n === 0 ? [] : [`c${String(n - 1).padStart(2, "0")}`],
    upgrade: (op) => {
      op.createTable(`c${n}`, {
        columns: [{ name: "id", type: "int", nullable: false }],
        primaryKey: ["id"],
      });
      op.execute(`INSERT INTO applied_log (revision) VALUES ('c${n}')`);
    },
    downgrade: (op) => void op.dropTable(`c${n}`),
  }),
);
const run = await upgrade(
  { dialect: mysqlDialect({ url }), revisions, lock: { timeoutMs: 60_000, pollMs: 50 } },
  "heads",
);
process.stdout.write(
  JSON.stringify({
    applied: run.results.filter((r) => r.status === "applied").length,
    waited: run.waitedForLockMs,
    error: run.error ?? null,
  }),
);
