// The history kill.test.ts and its child process share: `big` with ROWS rows and a child table
// with an ON DELETE CASCADE key to it, then a rebuild of `big` (a default change).
import { defineRevision } from "@athanor/core";

// 20,000 rows in CI (three drivers each run it); ATHANOR_RELIABILITY_FULL=1 runs the full 100,000.
export const ROWS = Number(
  process.env.ATHANOR_SQLITE_KILL_ROWS ?? (process.env.ATHANOR_RELIABILITY_FULL === "1" ? 100_000 : 20_000),
);
const series = `WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < ${ROWS})`;

export function revisions() {
  return [
    defineRevision({
      id: "r1",
      parents: [],
      upgrade: (op) => {
        op.createTable("big", {
          columns: [
            { name: "id", type: "integer", nullable: false },
            { name: "payload", type: "text", nullable: false, default: "'x'" },
          ],
          primaryKey: { name: "big_pkey", columns: ["id"] },
        });
        op.createTable("leaf", {
          columns: [
            { name: "id", type: "integer", nullable: false },
            { name: "big_id", type: "integer", nullable: false },
          ],
          primaryKey: { name: "leaf_pkey", columns: ["id"] },
          foreignKeys: [
            {
              name: "leaf_big_fk",
              columns: ["big_id"],
              references: { table: "big", columns: ["id"] },
              onDelete: "cascade",
            },
          ],
        });
        op.execute(`INSERT INTO big (id, payload) ${series} SELECT v, hex(randomblob(64)) FROM s`);
        op.execute(`INSERT INTO leaf (id, big_id) ${series} SELECT v, v FROM s`);
      },
      downgrade: (op) => {
        op.dropTable("leaf");
        op.dropTable("big");
      },
    }),
    defineRevision({
      id: "r2",
      parents: ["r1"],
      upgrade: (op) => op.alterColumn("big", "payload", { default: "'y'", existingDefault: "'x'" }),
      downgrade: (op) => op.alterColumn("big", "payload", { default: "'x'", existingDefault: "'y'" }),
    }),
  ];
}
