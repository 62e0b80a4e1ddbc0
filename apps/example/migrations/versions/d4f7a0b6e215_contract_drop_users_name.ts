import { defineRevision } from "@athanor/core";
import { createNameSync, dropNameSync, setsNotNullInPlace } from "../sync-name.js";

const CHECKS = [
  { name: "users_timezone_not_null", column: "timezone", type: "varchar(64)" },
  { name: "users_display_name_not_null", column: "display_name", type: "varchar(200)" },
] as const;

// Contract, step 2: the PostgreSQL NOT NULL recipe finishes — VALIDATE scans under a lock that
// lets reads and writes through, then SET NOT NULL skips its scan because a valid CHECK proves
// it, and the CHECK goes — and the old column and its sync trigger are dropped. No data is lost
// either way: the downgrade re-creates `name` and copies it back from display_name.
export default defineRevision({
  id: "d4f7a0b6e215",
  parents: ["c8d2e5a1f930"],
  message: "contract: drop users.name and its sync trigger",
  createdAt: "2026-11-25T09:40:00.000Z",
  phase: "contract",
  upgrade(op) {
    if (!setsNotNullInPlace(op)) {
      for (const { name, column, type } of CHECKS) {
        op.validateConstraint(name, "users");
        op.alterColumn("users", column, { nullable: false, existingType: type, existingNullable: true });
        op.dropConstraint(name, "users");
      }
    }
    dropNameSync(op);
    op.dropColumn("users", "name", { existing: { type: "varchar(200)", nullable: true } });
  },
  async downgrade(op) {
    // Runs while v2 serves, before v1 comes back: v1 needs `name` filled for every row.
    op.addColumn("users", { name: "name", type: "varchar(200)" });
    createNameSync(op);
    if (!setsNotNullInPlace(op)) {
      for (const { name, column, type } of CHECKS) {
        op.alterColumn("users", column, { nullable: true, existingType: type, existingNullable: false });
        op.addCheck(name, "users", `${column} IS NOT NULL`, { notValid: true });
      }
    }
    // After the trigger exists, so rows v2 writes meanwhile are covered and the backfill ends.
    await op.backfill({
      table: "users",
      set: { name: "display_name" },
      where: "name IS NULL",
      batchSize: 250,
      sleepMs: 25,
    });
  },
});
