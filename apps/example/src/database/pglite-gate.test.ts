import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, expect, test } from "vitest";
import { PgliteGate } from "./pglite-gate.js";

let pglite: PGlite;
beforeAll(async () => {
  pglite = new PGlite();
  await pglite.query("CREATE TABLE t (id int PRIMARY KEY)");
});
afterAll(() => pglite.close());

test("an app statement sent during a session's transaction waits for it and is not rolled back with it", async () => {
  const gate = new PgliteGate(pglite);
  const session = gate.sessionClient();
  const app = gate.appClient();
  await session.query("BEGIN");
  await session.query("INSERT INTO t VALUES (1)");
  const appInsert = app.query("INSERT INTO t VALUES (2)");
  let appDone = false;
  void appInsert.then(() => {
    appDone = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(appDone).toBe(false); // it queues behind the open transaction, as on a row lock
  await session.query("ROLLBACK");
  await appInsert;
  const rows = await pglite.query<{ id: number }>("SELECT id FROM t ORDER BY id");
  expect(rows.rows).toEqual([{ id: 2 }]);
});

test("a failed statement inside the session's transaction keeps the turn until ROLLBACK", async () => {
  const gate = new PgliteGate(pglite);
  const session = gate.sessionClient();
  const app = gate.appClient();
  await session.exec("BEGIN");
  await expect(session.query("INSERT INTO t VALUES (2)")).rejects.toThrow(/duplicate key/);
  const appRead = app.query<{ n: number }>("SELECT count(*)::int AS n FROM t");
  await new Promise((resolve) => setTimeout(resolve, 30));
  await session.exec("ROLLBACK");
  expect((await appRead).rows).toEqual([{ n: 1 }]);
  expect(pglite.isInTransaction()).toBe(false);
});
