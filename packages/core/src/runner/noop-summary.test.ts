import { PGlite } from "@electric-sql/pglite";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { downgrade, upgrade } from "./index.js";
import { acceptNoopSummary, confirmNoopUpgrade, type NoopSummary } from "./noop-summary.js";
import { prepareRun } from "./prepare-run.js";
import { summariseNoop } from "./summarise-noop.js";
import { useTestDatabase } from "./testing/fresh-database.js";
import { sqlRevision } from "./testing/revision-fixtures.js";

const chain = [
  sqlRevision("a", [], ["CREATE TABLE ta (id int)"], ["DROP TABLE ta"]),
  sqlRevision("b", ["a"], ["CREATE TABLE tb (id int)"], ["DROP TABLE tb"]),
];
const branched = [...chain, sqlRevision("c", ["a"], ["CREATE TABLE tc (id int)"], ["DROP TABLE tc"])];

const t = useTestDatabase({ beforeAll, beforeEach }, () => new PGlite());

/** The summary as a later run reads it back from its file (JSON text, then validated). */
async function storedSummary(revisions: typeof chain): Promise<NoopSummary> {
  const run = await prepareRun({ dialect: t.dialect, revisions });
  const summary = acceptNoopSummary(JSON.parse(JSON.stringify(summariseNoop(run))));
  if (summary === undefined) throw new Error("the summary of its own run was not accepted");
  return summary;
}

describe("confirmNoopUpgrade", () => {
  test("answers exactly what the full upgrade answers when the database is at the heads", async () => {
    expect((await upgrade({ dialect: t.dialect, revisions: chain }, "heads")).error).toBeUndefined();
    const summary = await storedSummary(chain);
    expect(summary.heads).toEqual(["b"]);
    expect(summary.targets).toEqual(["heads", "head"]);
    expect(Object.keys(summary.checksums).sort()).toEqual(["a", "b"]);
    const events: string[] = [];
    const options = {
      dialect: t.dialect,
      revisions: chain,
      onProgress: (e: { type: string }) => events.push(e.type),
    };
    const fast = await confirmNoopUpgrade(options, summary, "head");
    const full = await upgrade(options, "head");
    expect(fast).toBeDefined();
    expect({ ...fast, waitedForLockMs: 0 }).toEqual({ ...full, waitedForLockMs: 0 });
    // the same progress: the lock, then an empty plan
    expect(events).toEqual(["lock-acquired", "plan", "lock-acquired", "plan"]);
  });

  test("has no answer when the database is not at the summary's heads: behind, or never migrated", async () => {
    const summary = await storedSummary(chain);
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, summary, "heads")).toBeUndefined();
    expect((await upgrade({ dialect: t.dialect, revisions: chain }, "heads")).error).toBeUndefined();
    expect((await downgrade({ dialect: t.dialect, revisions: chain }, "a")).error).toBeUndefined();
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, summary, "heads")).toBeUndefined();
  });

  test("has no answer when an applied revision's recorded checksum conflicts with the summary's", async () => {
    expect((await upgrade({ dialect: t.dialect, revisions: chain }, "heads")).error).toBeUndefined();
    const summary = await storedSummary(chain);
    const recorded = summary.checksums.a as string;
    // the same kind of checksum, another value: what an edited file gives
    const edited = `${recorded.slice(0, -1)}${recorded.endsWith("0") ? "1" : "0"}`;
    const changed = { ...summary, checksums: { ...summary.checksums, a: edited } };
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, changed, "heads")).toBeUndefined();
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, summary, "heads")).toBeDefined();
  });

  test("has no answer while a revision stopped part-way, which the full upgrade refuses", async () => {
    expect((await upgrade({ dialect: t.dialect, revisions: chain }, "heads")).error).toBeUndefined();
    const summary = await storedSummary(chain);
    await t.db.query(
      "UPDATE athanor_version_history SET status = 'partial', statement_index = 1 WHERE id = (SELECT MAX(id) FROM athanor_version_history)",
    );
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, summary, "heads")).toBeUndefined();
    await expect(upgrade({ dialect: t.dialect, revisions: chain }, "heads")).rejects.toMatchObject({
      code: "ATHANOR_PARTIAL_REVISION",
    });
  });

  test("reads the state in one statement, and has no answer when the bookkeeping is gone or damaged", async () => {
    expect((await upgrade({ dialect: t.dialect, revisions: chain }, "heads")).error).toBeUndefined();
    const summary = await storedSummary(chain);
    const sent: string[] = [];
    const recording = {
      ...t.dialect,
      async connect() {
        const conn = await t.dialect.connect();
        return {
          ...conn,
          query: (text: string, params?: readonly unknown[]) => {
            sent.push(text);
            return conn.query(text, params);
          },
          close: () => conn.close(),
        } as typeof conn;
      },
    };
    expect(await confirmNoopUpgrade({ dialect: recording, revisions: [] }, summary, "heads")).toBeDefined();
    // no existence check first: the combined read is the only bookkeeping statement
    expect(sent.filter((text) => /athanor_version/.test(text))).toHaveLength(1);
    expect(sent.filter((text) => /information_schema/.test(text))).toEqual([]);

    await t.db.query("DROP TABLE athanor_version_history");
    expect(await confirmNoopUpgrade({ dialect: recording, revisions: [] }, summary, "heads")).toBeUndefined();
    await expect(upgrade({ dialect: t.dialect, revisions: chain }, "heads")).rejects.toMatchObject({
      code: "ATHANOR_BOOKKEEPING_DAMAGED",
    });
  });

  test("answers only the targets that plan nothing from the heads: `head` with two heads fails in full", async () => {
    expect((await upgrade({ dialect: t.dialect, revisions: branched }, "heads")).error).toBeUndefined();
    const summary = await storedSummary(branched);
    expect(summary.heads).toEqual(["b", "c"]);
    expect(summary.targets).toEqual(["heads"]);
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, summary, "heads")).toBeDefined();
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, summary, "head")).toBeUndefined();
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, summary, "b")).toBeUndefined();
  });
});

describe("acceptNoopSummary", () => {
  test("refuses every shape summariseNoop does not write", () => {
    const good = { heads: ["b"], targets: ["heads"], checksums: { a: "x", b: "y" } };
    expect(acceptNoopSummary(good)).toEqual(good);
    for (const bad of [
      null,
      "summary",
      [],
      { ...good, heads: "b" },
      { ...good, heads: [7] },
      { ...good, targets: undefined },
      { ...good, checksums: ["x"] },
      { ...good, checksums: null },
      { ...good, checksums: { a: "x", b: 7 } },
      { ...good, checksums: { a: "x" } }, // a head without its checksum
    ])
      expect(acceptNoopSummary(bad), JSON.stringify(bad)).toBeUndefined();
  });
});
