import { defineRevision } from "@athanor/core";
import { createNameSync, dropNameSync } from "../sync-name.js";

// Expand: only additions old code does not notice. v1 keeps reading and writing `name`; the
// sync trigger fills `display_name` for every row v1 writes from now on, so the backfill in the
// next revision is finite. `name` becomes optional because v2 will stop writing it (the trigger
// still fills it while v1 serves).
export default defineRevision({
  id: "e1f4b7c2d806",
  parents: ["a51c0d3e9b21"],
  message: "expand: add users.timezone and users.display_name with a sync from name",
  createdAt: "2026-11-25T09:10:00.000Z",
  phase: "expand",
  upgrade(op) {
    // a constant default: no table rewrite on PostgreSQL 11+, INSTANT on MySQL 8 / MariaDB
    op.addColumn("users", { name: "timezone", type: "varchar(64)", default: "'UTC'" });
    op.addColumn("users", { name: "display_name", type: "varchar(200)" });
    op.alterColumn("users", "name", {
      nullable: true,
      existingType: "varchar(200)",
      existingNullable: false,
    });
    createNameSync(op);
  },
  async downgrade(op) {
    // Runs once v1 is the only code serving again (it writes `name` on every insert). Rows v2
    // inserted got their name from the trigger; fill any gap before NOT NULL returns.
    await op.backfill({ table: "users", set: { name: "display_name" }, where: "name IS NULL" });
    op.alterColumn("users", "name", {
      nullable: false,
      existingType: "varchar(200)",
      existingNullable: true,
    });
    // The sync goes once `name` is required again: nothing needs it with v1 alone serving.
    dropNameSync(op);
    op.dropColumn("users", "display_name", { existing: { type: "varchar(200)", nullable: true } });
    op.dropColumn("users", "timezone", {
      existing: { type: "varchar(64)", nullable: true, default: "'UTC'" },
    });
  },
});
