import { PGlite } from "@electric-sql/pglite";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Connection } from "../dialect/connection.js";
import { appliedDigest } from "./applied-digest.js";
import { BookkeepingSql } from "./bookkeeping-sql.js";
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

/** The test dialect, recording every statement its sessions send. */
function recordStatements() {
  const all: string[] = [];
  const dialect = {
    ...t.dialect,
    async connect() {
      const conn = await t.dialect.connect();
      return {
        ...conn,
        query: (text: string, params?: readonly unknown[]) => {
          all.push(text);
          return conn.query(text, params);
        },
        close: () => conn.close(),
      } as typeof conn;
    },
  };
  return { dialect, all, bookkeeping: () => all.filter((text) => /athanor_version/.test(text)) };
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
    const checksums = { ...summary.checksums, a: edited };
    const changed = { ...summary, checksums, appliedDigest: appliedDigest(checksums) };
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, changed, "heads")).toBeUndefined();
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, summary, "heads")).toBeDefined();
  });

  test("has no answer when a recorded checksum was altered in the database, and the full run refuses it", async () => {
    expect((await upgrade({ dialect: t.dialect, revisions: chain }, "heads")).error).toBeUndefined();
    const summary = await storedSummary(chain);
    const recorded = summary.checksums.a as string;
    const edited = `${recorded.slice(0, -1)}${recorded.endsWith("0") ? "1" : "0"}`;
    await t.db.query(`UPDATE athanor_version_history SET checksum = '${edited}' WHERE revision = 'a'`);
    expect(await confirmNoopUpgrade({ dialect: t.dialect, revisions: [] }, summary, "heads")).toBeUndefined();
    await expect(upgrade({ dialect: t.dialect, revisions: chain }, "heads")).rejects.toMatchObject({
      code: "ATHANOR_CHECKSUM_MISMATCH",
      meta: { mismatches: [{ revision: "a" }] },
    });
  });

  test("answers from the rows when only the digest differs: a checksum of another kind is no conflict", async () => {
    expect((await upgrade({ dialect: t.dialect, revisions: chain }, "heads")).error).toBeUndefined();
    const summary = await storedSummary(chain);
    const sent = recordStatements();
    expect(
      await confirmNoopUpgrade({ dialect: sent.dialect, revisions: [] }, summary, "heads"),
    ).toBeDefined();
    expect(sent.bookkeeping()).toHaveLength(1); // the digest matched: no rows read
    // as an application that applied `a` from its file would have recorded it
    await t.db.query("UPDATE athanor_version_history SET checksum = 'sha256:00' WHERE revision = 'a'");
    const full = await upgrade({ dialect: t.dialect, revisions: chain }, "heads");
    expect(full.error).toBeUndefined();
    const fast = await confirmNoopUpgrade({ dialect: sent.dialect, revisions: [] }, summary, "heads");
    expect({ ...fast, waitedForLockMs: 0 }).toEqual({ ...full, waitedForLockMs: 0 });
    expect(sent.bookkeeping()).toHaveLength(3); // the digest, then the rows
  });

  test("the server's digest is the client's for ids and checksums with quotes, colons and digits", async () => {
    expect((await upgrade({ dialect: t.dialect, revisions: chain }, "heads")).error).toBeUndefined();
    const sql = new BookkeepingSql(t.dialect, { name: "athanor_version" });
    const read = sql.selectNoopDigest() as string;
    const serverDigest = async (history: Record<string, string>) => {
      await t.db.query("DELETE FROM athanor_version_history");
      for (const [id, checksum] of Object.entries(history))
        await t.db.query(
          `INSERT INTO athanor_version_history (run_id, revision, direction, status, checksum) ` +
            `VALUES ('r', ${t.dialect.quoteLiteral(id)}, 'upgrade', 'ok', ${t.dialect.quoteLiteral(checksum)})`,
        );
      const rows = (await t.db.query<{ part: number; value: string }>(read)).rows;
      return rows.find((row) => row.part === 3)?.value;
    };
    // pairs of histories whose pairs joined as `id:checksum` give the same text, without a
    // separator ("a':xb:y'") or with one ("a:x,b':y")
    const colliding = [
      [{ "a'": "x", b: "y'" }, { "a'": "xb:y'" }],
      [{ a: "x", "b'": "y" }, { a: "x,b':y" }],
    ];
    for (const [one, other] of colliding) expect(appliedDigest(one)).not.toBe(appliedDigest(other));
    // ordered by bytes, not UTF-16 units or a collation: U+FF5E sorts before U+1F600 in UTF-8,
    // after it in UTF-16; "B" before "a"
    const wide = { "\u{1F600}": "sha256:x", "\uFF5E": "sha256:y", B: "sha256:z", a: "sha256:'\\" };
    for (const history of [...colliding.flat(), wide])
      expect(await serverDigest(history), JSON.stringify(history)).toBe(appliedDigest(history));
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
    const sent = recordStatements();
    const recording = sent.dialect;
    expect(await confirmNoopUpgrade({ dialect: recording, revisions: [] }, summary, "heads")).toBeDefined();
    // no existence check first: the combined read is the only bookkeeping statement
    expect(sent.bookkeeping()).toHaveLength(1);
    expect(sent.all.filter((text) => /information_schema/.test(text))).toEqual([]);

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
  test("a summary given as a function is asked for once the state read is sent, and answers as itself", async () => {
    // the CLI stamps the revision folder in that function: its ~1,000 stats overlap the server's work
    expect((await upgrade({ dialect: t.dialect, revisions: chain }, "heads")).error).toBeUndefined();
    const summary = await storedSummary(chain);
    const sent = recordStatements();
    // the servers' dialects send the lock, the read and the unlock as one batch (readUnderLock)
    const handed: string[] = [];
    const dialect = {
      ...sent.dialect,
      async readUnderLock(conn: Connection, key: string, read: string) {
        handed.push(read);
        if (
          !(await conn.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [key]))
            .rows[0]?.ok
        )
          return undefined;
        try {
          return (await conn.query<Record<string, unknown>>(read)).rows;
        } finally {
          await conn.query("SELECT pg_advisory_unlock(hashtext($1))", [key]);
        }
      },
    };
    const options = { dialect, revisions: [] };
    const handedWhenAsked: string[][] = [];
    const lazy = (answer: NoopSummary | undefined) => () => {
      handedWhenAsked.push([...handed]);
      return answer;
    };
    const eager = await confirmNoopUpgrade(options, summary, "heads");
    expect(eager).toBeDefined();
    expect(handed.splice(0)).toEqual([expect.stringMatching(/md5/)]);
    expect(await confirmNoopUpgrade(options, lazy(summary), "heads")).toEqual(eager);
    expect(handedWhenAsked.splice(0)).toEqual([[expect.stringMatching(/md5/)]]);
    expect(handed.splice(0)).toHaveLength(1); // the same one read
    // no summary (the folder changed since it was stored), or one for other targets: no answer
    expect(await confirmNoopUpgrade(options, lazy(undefined), "heads")).toBeUndefined();
    expect(await confirmNoopUpgrade(options, lazy(summary), "b")).toBeUndefined();
    expect(handedWhenAsked.splice(0)).toHaveLength(2);
    // a summary without a digest (an older athanor's) is judged from the rows, read after
    sent.all.splice(0);
    expect(
      await confirmNoopUpgrade(options, lazy({ ...summary, appliedDigest: undefined }), "heads"),
    ).toEqual(eager);
    expect(sent.bookkeeping()).toHaveLength(2); // the digest, then the rows
    // and a file whose checksum conflicts with the database's is no answer either way
    const recorded = summary.checksums.a as string;
    const edited = `${recorded.slice(0, -1)}${recorded.endsWith("0") ? "1" : "0"}`;
    const checksums = { ...summary.checksums, a: edited };
    const conflicting = { ...summary, checksums, appliedDigest: appliedDigest(checksums) };
    expect(await confirmNoopUpgrade(options, lazy(conflicting), "heads")).toBeUndefined();
    // a dialect with no digest to send ahead: the summary is asked for first, then the rows say
    const { orderedMd5: _, ...noDigest } = dialect.bookkeepingSql;
    const plain = { ...dialect, bookkeepingSql: noDigest };
    handed.splice(0);
    handedWhenAsked.splice(0);
    expect(await confirmNoopUpgrade({ ...options, dialect: plain }, lazy(summary), "heads")).toEqual(eager);
    expect(handedWhenAsked.splice(0)).toEqual([[]]); // asked before anything was sent
    expect(await confirmNoopUpgrade({ ...options, dialect: plain }, lazy(summary), "b")).toBeUndefined();
    expect(
      await confirmNoopUpgrade({ ...options, dialect: plain }, lazy(undefined), "heads"),
    ).toBeUndefined();
    expect(handed.splice(0)).toHaveLength(1); // only the answered one read the rows
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
