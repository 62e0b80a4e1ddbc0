import type { Op } from "../ops/op.js";
import { defineRevision, type RevisionDefinition } from "../revision/revision.js";

/**
 * The fleet suites' history: five revisions every tenant runs — two tables, a column, a small
 * backfill, and a contract-phase drop. `audit` is created by f4, so a tenant that already has an
 * `audit` table fails there (the suite's "broken tenant").
 */
export const FLEET_HISTORY: readonly RevisionDefinition[] = [
  defineRevision({
    id: "f1",
    parents: [],
    message: "users",
    upgrade(op: Op) {
      op.createTable("users", {
        columns: [
          { name: "id", type: "integer", nullable: false },
          { name: "email", type: "varchar(200)" },
          { name: "legacy", type: "integer" },
        ],
        primaryKey: ["id"],
      });
      op.execute(
        "INSERT INTO users (id, email) VALUES (1, 'A@example.com'), (2, 'B@example.com'), (3, NULL)",
      );
    },
    downgrade(op: Op) {
      op.dropTable("users");
    },
  }),
  defineRevision({
    id: "f2",
    parents: ["f1"],
    message: "users.email_lower",
    upgrade(op: Op) {
      op.addColumn("users", { name: "email_lower", type: "varchar(200)" });
    },
    downgrade(op: Op) {
      op.dropColumn("users", "email_lower");
    },
  }),
  defineRevision({
    id: "f3",
    parents: ["f2"],
    message: "backfill email_lower",
    phase: "migrate",
    async upgrade(op: Op) {
      await op.backfill({
        table: "users",
        set: { email_lower: "lower(email)" },
        where: "email_lower IS NULL AND email IS NOT NULL",
        batchSize: 2,
      });
    },
    downgrade() {},
  }),
  defineRevision({
    id: "f4",
    parents: ["f3"],
    message: "audit",
    upgrade(op: Op) {
      op.createTable("audit", {
        columns: [
          { name: "id", type: "integer", nullable: false },
          { name: "note", type: "varchar(100)" },
        ],
        primaryKey: ["id"],
      });
      op.createIndex("audit_note_idx", "audit", ["note"]);
    },
    downgrade(op: Op) {
      op.dropTable("audit");
    },
  }),
  defineRevision({
    id: "f5",
    parents: ["f4"],
    message: "drop users.legacy",
    phase: "contract",
    upgrade(op: Op) {
      op.dropColumn("users", "legacy");
    },
    downgrade(op: Op) {
      op.addColumn("users", { name: "legacy", type: "integer" });
    },
  }),
];

/** The ids of {@link FLEET_HISTORY}, base first. */
export const FLEET_REVISIONS = ["f1", "f2", "f3", "f4", "f5"] as const;
