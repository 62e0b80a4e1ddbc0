import { defineRevision } from "@athanor/core";
import { setsNotNullInPlace } from "../sync-name.js";

const CHECKS = [
  { name: "users_timezone_not_null", column: "timezone" },
  { name: "users_display_name_not_null", column: "display_name" },
] as const;

// Contract, step 1 (only once no v1 instance is left): new rows must carry a timezone and a
// display name. On PostgreSQL the constraint is added NOT VALID — a brief lock, no scan — and
// the next revision validates it in its own transaction, so no lock is held while rows are
// checked. MySQL has no NOT VALID: the column becomes NOT NULL in place (an online rebuild); on
// SQLite too (a table rebuild: SQLite checks the rows as it copies them, under its write lock).
export default defineRevision({
  id: "c8d2e5a1f930",
  parents: ["b3a9f6d0c417"],
  message: "contract: require users.timezone and users.display_name",
  createdAt: "2026-11-25T09:30:00.000Z",
  phase: "contract",
  upgrade(op) {
    for (const { name, column } of CHECKS) {
      if (setsNotNullInPlace(op))
        op.alterColumn("users", column, { nullable: false, existingNullable: true });
      else op.addCheck(name, "users", `${column} IS NOT NULL`, { notValid: true });
    }
  },
  downgrade(op) {
    for (const { name, column } of CHECKS) {
      if (setsNotNullInPlace(op))
        op.alterColumn("users", column, { nullable: true, existingNullable: false });
      else op.dropConstraint(name, "users");
    }
  },
});
