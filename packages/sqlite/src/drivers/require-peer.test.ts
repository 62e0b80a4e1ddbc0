import { expect, test } from "vitest";
import { requirePeer } from "./require-peer.js";

const need = { install: ["nowhere-sqlite-driver"], purpose: "the config selects the Nowhere driver" };

test("a CommonJS driver loads as its module.exports (better-sqlite3's constructor itself)", async () => {
  const Database = await requirePeer<
    new (
      file: string,
    ) => { prepare(sql: string): { get(): unknown }; close(): void }
  >("better-sqlite3", need);
  const db = new Database(":memory:");
  expect(db.prepare("SELECT 41 + 1 AS n").get()).toEqual({ n: 42 });
  db.close();
});

test("a missing driver is ATHANOR_PACKAGE_MISSING with the npm i line (require's MODULE_NOT_FOUND, not only import's)", async () => {
  const error = await requirePeer("nowhere-sqlite-driver", need).catch((e: unknown) => e);
  expect(error).toMatchObject({
    code: "ATHANOR_PACKAGE_MISSING",
    meta: { package: "nowhere-sqlite-driver", install: "npm i nowhere-sqlite-driver" },
  });
  expect((error as Error).message).toContain("but the config selects the Nowhere driver");
});
