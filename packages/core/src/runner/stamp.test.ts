import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { RevisionGraph } from "../graph/revision-graph.js";
import { headerOf } from "../revision/revision.js";
import { current, stamp, stampedHeads, upgrade } from "./index.js";
import { useTestDatabase } from "./testing/fresh-database.js";
import { freshPglite } from "./testing/pglite-from-snapshot.js";
import { sqlRevision } from "./testing/revision-fixtures.js";

// a → {b, c} → d (merge); x is an unrelated base
const revisions = [
  sqlRevision("a", [], ["CREATE TABLE ta (id int)"], ["DROP TABLE ta"]),
  sqlRevision("b", ["a"], ["CREATE TABLE tb (id int)"], ["DROP TABLE tb"]),
  sqlRevision("c", ["a"], ["CREATE TABLE tc (id int)"], ["DROP TABLE tc"]),
  sqlRevision("d", ["b", "c"], ["CREATE TABLE td (id int)"], ["DROP TABLE td"]),
  sqlRevision("x", [], ["CREATE TABLE tx (id int)"], ["DROP TABLE tx"], { branchLabels: ["extra"] }),
];
const graph = RevisionGraph.build(revisions.map(headerOf));

const t = useTestDatabase({ beforeAll, beforeEach }, freshPglite);

describe("stampedHeads", () => {
  test("each target replaces the heads of its own lineage (Alembic's stamp)", () => {
    expect(stampedHeads(graph, [], ["b"])).toEqual(["b"]);
    expect(stampedHeads(graph, ["b"], ["c"])).toEqual(["b", "c"]);
    expect(stampedHeads(graph, ["b", "c"], ["d"])).toEqual(["d"]);
    expect(stampedHeads(graph, ["d"], ["a"])).toEqual(["a"]);
    // an ancestor named beside its descendant: the descendant stays, in either order
    expect(stampedHeads(graph, [], ["b", "a"])).toEqual(["b"]);
    expect(stampedHeads(graph, [], ["a", "b"])).toEqual(["b"]);
    expect(stampedHeads(graph, ["d"], ["x"])).toEqual(["d", "x"]);
    expect(stampedHeads(graph, ["d", "x"], ["base"])).toEqual([]);
    expect(stampedHeads(graph, ["d", "x"], ["extra@base"])).toEqual(["d"]);
    expect(stampedHeads(graph, [], ["b", "c"])).toEqual(["b", "c"]);
  });

  test("a revision named twice is refused, not silently merged", () => {
    expect(() => stampedHeads(graph, [], ["b", "b"])).toThrow(
      expect.objectContaining({
        code: "ATHANOR_DUPLICATE_TARGET",
        meta: { revision: "b", targets: ["b", "b"] },
      }),
    );
  });
});

describe("stamp", () => {
  test("records heads without running revision code, and upgrades continue from there", async () => {
    const run = await stamp({ dialect: t.dialect, revisions }, ["b"]);
    expect(run.heads).toEqual({ before: [], after: ["b"] });
    expect(run.results).toEqual([
      { revision: "b", direction: "stamp", status: "applied", durationMs: 0, statements: 0 },
    ]);
    expect(await t.versionRows()).toEqual(["b"]);
    expect(
      (await t.db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'tb'")).rows,
    ).toEqual([]);
    const history = await t.db.query<Record<string, unknown>>(
      "SELECT revision, direction, checksum FROM athanor_version_history",
    );
    expect(history.rows).toEqual([
      { revision: "b", direction: "stamp", checksum: expect.stringMatching(/^sha256-module:/) },
    ]);

    const up = await upgrade({ dialect: t.dialect, revisions }, "d");
    expect(up.results.map((r) => r.revision)).toEqual(["c", "d"]);
    expect(await t.versionRows()).toEqual(["d"]);
  });

  test("several targets, an unrelated branch, and stamping back to base", async () => {
    await stamp({ dialect: t.dialect, revisions }, ["b", "c"]);
    expect(await t.versionRows()).toEqual(["b", "c"]);
    await stamp({ dialect: t.dialect, revisions }, ["x"]);
    expect(await t.versionRows()).toEqual(["b", "c", "x"]);
    await stamp({ dialect: t.dialect, revisions }, ["d"]);
    expect(await t.versionRows()).toEqual(["d", "x"]);
    await stamp({ dialect: t.dialect, revisions }, ["base"]);
    expect(await t.versionRows()).toEqual([]);
    expect((await current({ dialect: t.dialect, revisions })).tablesExist).toBe(true);
  });

  test("--purge empties the table first", async () => {
    await upgrade({ dialect: t.dialect, revisions }, "heads");
    expect(await t.versionRows()).toEqual(["d", "x"]);
    const run = await stamp({ dialect: t.dialect, revisions }, ["b"], { purge: true });
    expect(run.heads).toEqual({ before: ["d", "x"], after: ["b"] });
    expect(await t.versionRows()).toEqual(["b"]);
  });

  test("stamping where the database already is changes nothing", async () => {
    await stamp({ dialect: t.dialect, revisions }, ["d"]);
    const statements = t.dialect.executed.length;
    const run = await stamp({ dialect: t.dialect, revisions }, ["d"]);
    expect(run.results).toEqual([]);
    expect(t.dialect.executed.length).toBe(statements);
  });
});
