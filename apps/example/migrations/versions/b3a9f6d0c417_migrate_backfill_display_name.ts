import { defineRevision } from "@athanor/core";

// Migrate: copy `name` into `display_name` (and give any row without a timezone the default) in
// short keyset batches by primary key, each its own transaction, with a pause between batches
// so live traffic keeps its latency. `where` makes it idempotent and resumable; rows written
// after the expand revision are already filled by the sync trigger, so it terminates under load.
export default defineRevision({
  id: "b3a9f6d0c417",
  parents: ["e1f4b7c2d806"],
  message: "migrate: backfill users.display_name from name and default timezones",
  createdAt: "2026-11-25T09:20:00.000Z",
  phase: "migrate",
  async upgrade(op) {
    await op.backfill({
      table: "users",
      set: { display_name: "name", timezone: "COALESCE(timezone, 'UTC')" },
      where: "display_name IS NULL OR timezone IS NULL",
      batchSize: 250,
      sleepMs: 25,
    });
  },
  downgrade() {
    // Nothing to undo: the filled values live in columns that the expand revision's downgrade
    // drops, and while they exist the copies are correct for both versions of the code.
  },
});
