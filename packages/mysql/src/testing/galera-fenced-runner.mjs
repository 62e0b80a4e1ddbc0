// Child process of galera-lock.test.ts: runs `upgrade heads` of three logged revisions on the
// Galera node in argv[2] with the lock lease in argv[3] (ms), then prints the run as JSON. With
// argv[4] = "stall", revision p1 first blocks this process for argv[5] ms (no timer runs, so the
// lease is not renewed: a paused or cut-off runner) and prints "stalling" as it starts. Both
// runners use this file, so the revisions (and their checksums) are the same.
import { defineRevision, upgrade } from "@athanor/core";
import { mysqlDialect } from "../../dist/index.js";

const [, , url, leaseMs, mode, stallMs] = process.argv;
const revisions = ["p0", "p1", "p2"].map((id, n) =>
  defineRevision({
    id,
    parents: n === 0 ? [] : [`p${n - 1}`],
    upgrade: (op) => {
      if (id === "p1" && mode === "stall") {
        process.stdout.write("stalling\n");
        const until = Date.now() + Number(stallMs);
        while (Date.now() < until) {
          // a stalled process: the event loop (and the lease's heartbeat) does not run
        }
      }
      op.createTable(id, { columns: [{ name: "id", type: "int", nullable: false }], primaryKey: ["id"] });
      op.execute(`INSERT INTO applied_log (revision, node) VALUES ('${id}', @@wsrep_node_name)`);
    },
    downgrade: (op) => void op.dropTable(id),
  }),
);
const run = await upgrade(
  {
    dialect: mysqlDialect({ url, galeraLockLeaseMs: Number(leaseMs) }),
    revisions,
    lock: { timeoutMs: 60_000, pollMs: 100 },
  },
  "heads",
);
process.stdout.write(
  `${JSON.stringify({
    results: run.results.map((r) => [r.revision, r.status]),
    error: run.error === undefined ? null : { code: run.error.code, message: run.error.message },
  })}\n`,
);
