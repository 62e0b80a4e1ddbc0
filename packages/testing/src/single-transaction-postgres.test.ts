import { defineRevision, upgrade } from "@athanor/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkModelsMatchMigrations } from "./checks/check-models-match-migrations.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";
import { TEST_SERVERS } from "./testing/test-servers.js";

// A history that applies revision by revision but not in one transaction: r1 leaves a deferred
// foreign key's check pending, and PostgreSQL refuses r2's ALTER TABLE of that table in the same
// transaction. `singleTransaction: true` makes models-match-migrations upgrade as such a deploy does.
const HISTORY = [
  defineRevision({
    id: "r1",
    parents: [],
    message: "parents and children, deferred",
    upgrade(op) {
      op.execute("CREATE TABLE p (id integer PRIMARY KEY)");
      op.execute(
        "CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p DEFERRABLE INITIALLY DEFERRED)",
      );
      op.execute("INSERT INTO p VALUES (1)");
      op.execute("INSERT INTO c VALUES (1, 1)");
    },
    downgrade(op) {
      op.execute("DROP TABLE c");
      op.execute("DROP TABLE p");
    },
  }),
  defineRevision({
    id: "r2",
    parents: ["r1"],
    message: "a column on the children",
    upgrade: (op) => op.execute("ALTER TABLE c ADD COLUMN note text"),
    downgrade: (op) => op.execute("ALTER TABLE c DROP COLUMN note"),
  }),
];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ url: TEST_SERVERS.postgres, prefix: "single_tx" });
}, 60_000);
afterAll(async () => db?.dispose());

test("models-match-migrations with singleTransaction upgrades in one transaction: a history that only fails that way fails the check", async () => {
  await db.reset();
  expect((await upgrade({ dialect: db.dialect, revisions: HISTORY }, "heads")).error).toBeUndefined();
  const model = await db.introspect();

  const each = await checkModelsMatchMigrations(db, { revisions: HISTORY, database: db }, { model });
  expect(each).toMatchObject({ ok: true, revisions: ["r2"] });

  const single = await checkModelsMatchMigrations(
    db,
    { revisions: HISTORY, database: db, singleTransaction: true },
    { model },
  );
  expect(single.ok).toBe(false);
  if (single.ok) return;
  expect(single.failure).toMatchObject({ revision: "r2", step: "upgrade" });
  expect(single.failure.message).toMatch(/^Upgrading to the heads in one transaction failed at revision r2/);
  expect(single.failure.message).toContain('cannot ALTER TABLE "c" because it has pending trigger events');
  // rolled back whole: nothing of the history left
  expect((await db.introspect()).tables).toEqual([]);
});
