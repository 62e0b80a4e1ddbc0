import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineRevision, type RunnerEvent, type UpgradeResult, upgrade } from "@athanor/core";
import { afterAll, describe, expect, test } from "vitest";
import { d1Dialect } from "./d1-dialect.js";
import { type MiniflareD1, openMiniflareD1 } from "./d1-throwaway.js";
import type { D1DatabaseLike, D1StatementLike } from "./drivers/d1.js";

// op.backfill on Cloudflare D1 (miniflare 3's local D1). D1 has no interactive transaction, but
// a binding's batch() is atomic: each keyset batch's writes and its saved cursor go in one batch.
// Both backfills here are NOT idempotent (`balance + amount`, `tag || 'x'`), so a batch applied
// twice or skipped shows in the rows: every interrupted run is compared, row by row, with an
// uninterrupted one.
const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-backfill-d1-"));
const opened: MiniflareD1[] = [];
afterAll(async () => {
  for (const mf of opened) await mf.dispose().catch(() => undefined); // some were killed by the test
  rmSync(folder, { recursive: true, force: true });
});

const ROWS = 600; // two accounts of 300: a composite key, 6 set batches and 6 compute batches
const series = `WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${ROWS}) `;

interface Faults {
  /** Called after each committed batch, with its progress event. */
  afterBatch?: (event: Extract<RunnerEvent, { type: "backfill-progress" }>) => Promise<void> | void;
  /** Called at the start of each compute call (1-based), before the batch writes anything. */
  inCompute?: (call: number) => Promise<void> | void;
}

function history(faults: Faults) {
  let calls = 0;
  return [
    defineRevision({
      id: "b1",
      parents: [],
      upgrade: (op) => {
        op.execute(
          "CREATE TABLE ledger (acct integer NOT NULL, seq integer NOT NULL, amount integer NOT NULL, balance integer NOT NULL DEFAULT 0, tag text, PRIMARY KEY (acct, seq))",
        );
        op.execute(
          `${series}INSERT INTO ledger (acct, seq, amount, balance, tag) SELECT 1 + (i % 2), i, (i * 37) % 101, i % 7, 't' FROM g`,
        );
      },
      downgrade: (op) => op.dropTable("ledger"),
    }),
    defineRevision({
      id: "b2",
      parents: ["b1"],
      async upgrade(op) {
        await op.backfill({ table: "ledger", set: { balance: "balance + amount" }, batchSize: 100 });
        await op.backfill({
          table: "ledger",
          columns: ["tag", "amount"],
          batchSize: 100,
          compute: async (batch) => {
            calls += 1;
            await faults.inCompute?.(calls);
            return batch.map((r) => ({
              acct: r.acct,
              seq: r.seq,
              tag: `${String(r.tag)}x${Number(r.amount) % 10}`,
            }));
          },
        });
      },
      downgrade() {},
    }),
  ];
}

/** The binding, recording the SQL of every statement each `batch()` call sends. */
function recordingBatches(real: D1DatabaseLike, batches: string[][]): D1DatabaseLike {
  const inner = new WeakMap<D1StatementLike, { statement: D1StatementLike; sql: string }>();
  const wrap = (statement: D1StatementLike, sql: string): D1StatementLike => {
    const wrapped: D1StatementLike = {
      bind: (...values) => wrap(statement.bind(...values), sql),
      all: () => statement.all(),
    };
    inner.set(wrapped, { statement, sql });
    return wrapped;
  };
  const unwrap = (s: D1StatementLike) => inner.get(s) ?? { statement: s, sql: "?" };
  return {
    prepare: (sql) => wrap(real.prepare(sql), sql),
    batch: (statements) => {
      batches.push(statements.map((s) => unwrap(s).sql));
      return real.batch(statements.map((s) => unwrap(s).statement));
    },
  };
}

async function open(
  name: string,
  batches: string[][] = [],
): Promise<{ mf: MiniflareD1; run: (f: Faults, resume?: boolean) => Promise<UpgradeResult> }> {
  const mf = await openMiniflareD1(join(folder, name));
  opened.push(mf);
  // a short lease: the run after a kill waits for the dead holder's lock to lapse
  const database = recordingBatches(mf.database, batches);
  const dialect = d1Dialect({ database, label: `D1 ${name}`, lockLeaseMs: 2000 });
  return {
    mf,
    run: (faults, resume = false) =>
      upgrade(
        {
          dialect,
          revisions: history(faults),
          onProgress: (e) => {
            if (e.type === "backfill-progress") void faults.afterBatch?.(e);
          },
        },
        "heads",
        resume ? { resume: true } : {},
      ),
  };
}

async function ledger(mf: MiniflareD1) {
  const read = await mf.database
    .prepare("SELECT * FROM ledger ORDER BY acct, seq")
    .all<Record<string, unknown>>();
  return read.results ?? [];
}

/**
 * How many rows, in key order, one of the two backfills has reached: the set backfill's rows
 * while it runs, else (all balances done) the compute backfill's. A row whose value the backfill
 * does not change (amount 0) counts with the rows around it; a row done after a row not done
 * fails the test (a batch skipped or applied out of order).
 */
function backfilledPrefix(rows: readonly Record<string, unknown>[]): number {
  const amount = (r: Record<string, unknown>) => (Number(r.seq) * 37) % 101;
  const balanced = (r: Record<string, unknown>) => r.balance === (Number(r.seq) % 7) + amount(r);
  const tagged = (r: Record<string, unknown>) => r.tag === `tx${amount(r) % 10}`;
  const done = rows.every(balanced) ? tagged : balanced;
  const telling = rows.flatMap((r, i) =>
    done === balanced && amount(r) === 0 ? [] : [{ i, done: done(r) }],
  );
  const firstNot = telling.find((t) => !t.done)?.i ?? rows.length;
  expect(telling.filter((t) => t.i > firstNot && t.done)).toEqual([]);
  // batches are 100 rows, and no 100 rows in a row have amount 0
  return Math.floor(firstNot / 100) * 100;
}

async function leftovers(mf: MiniflareD1) {
  const cursors = await mf.database.prepare("SELECT * FROM athanor_version_backfill").all();
  const version = await mf.database.prepare("SELECT version_num FROM athanor_version").all();
  return { cursors: cursors.results, version: version.results };
}

describe("op.backfill on D1 (miniflare 3)", () => {
  let reference: Record<string, unknown>[];

  test("uninterrupted: both backfills walk every row once, in batches; the cursor rows are cleared", async () => {
    const batches: string[][] = [];
    const { mf, run } = await open("reference", batches);
    const progress: number[] = [];
    const result = await run({ afterBatch: (e) => void progress.push(e.rowsDone) });
    expect(result.error, String(result.error?.message)).toBeUndefined();
    // each keyset batch is one D1 batch(): its writes, then its cursor's update, nothing else (the
    // lock's lease renewals, every 667 ms here, go to D1 at once, not into a batch being collected)
    const ofBackfill = batches.filter((b) => b.some((sql) => /^UPDATE "ledger"/.test(sql)));
    expect(ofBackfill).toHaveLength(12);
    for (const b of ofBackfill) {
      expect(b.at(-1)).toMatch(/^UPDATE "athanor_version_backfill" SET/);
      expect(b.slice(0, -1).every((sql) => /^UPDATE "ledger"/.test(sql))).toBe(true);
    }
    // a compute batch of 100 rows is 4 statements of at most 33 rows (99 parameters: D1's limit is 100)
    expect(ofBackfill.slice(6).map((b) => b.length - 1)).toEqual([4, 4, 4, 4, 4, 4]);
    reference = await ledger(mf);
    expect(reference).toHaveLength(ROWS);
    // the values the two backfills compute, from the seeded columns
    for (const r of reference) {
      const seq = Number(r.seq);
      const amount = (seq * 37) % 101;
      expect([r.balance, r.tag]).toEqual([(seq % 7) + amount, `tx${amount % 10}`]);
    }
    expect(progress).toEqual([100, 200, 300, 400, 500, 600, 100, 200, 300, 400, 500, 600]);
    expect(await leftovers(mf)).toEqual({ cursors: [], version: [{ version_num: "b2" }] });
  }, 120_000);

  test("the engine killed between set batches: after a restart, --resume continues from the saved cursor; every row equals the uninterrupted run's", async () => {
    const { mf, run } = await open("killed-between");
    let killed: Promise<void> | undefined;
    const first = await run({
      afterBatch: (e) => {
        if (e.rowsDone === 300 && killed === undefined) killed = mf.dispose();
      },
    });
    await killed;
    expect(first.error).toBeDefined();
    const restarted = await open("killed-between");
    const cursor = (await leftovers(restarted.mf)).cursors as { rows_done: unknown }[];
    // the batches committed before the kill and no other: however many beat the kill (three, or
    // more on a loaded machine), the saved cursor counts exactly the rows that hold the backfill
    expect(cursor).toHaveLength(1);
    const done = Number(cursor[0]?.rows_done);
    expect(done).toBeGreaterThanOrEqual(300);
    expect(done % 100).toBe(0);
    expect(backfilledPrefix(await ledger(restarted.mf))).toBe(done);
    const second = await restarted.run({}, true);
    expect(second.error, String(second.error?.message)).toBeUndefined();
    expect(await ledger(restarted.mf)).toEqual(reference);
    expect(await leftovers(restarted.mf)).toEqual({ cursors: [], version: [{ version_num: "b2" }] });
  }, 120_000);

  test("a compute batch that throws before writing: the run stops with ATHANOR_BACKFILL_FAILED, a plain rerun refuses, --resume finishes; every row equals the uninterrupted run's", async () => {
    const { mf, run } = await open("compute-throws");
    const first = await run({
      inCompute: (call) => {
        if (call === 4) throw new Error("worker crashed");
      },
    });
    expect(first.error?.code).toBe("ATHANOR_BACKFILL_FAILED");
    expect(first.error?.meta).toMatchObject({ rowsDone: 300, batches: 3 });
    await expect(run({})).rejects.toMatchObject({ code: "ATHANOR_PARTIAL_REVISION" });
    const second = await run({}, true);
    expect(second.error, String(second.error?.message)).toBeUndefined();
    expect(await ledger(mf)).toEqual(reference);
  }, 120_000);

  test("the engine killed inside a compute batch, after its read and before its write: restart, --resume; every row equals the uninterrupted run's", async () => {
    const { mf, run } = await open("killed-inside");
    const first = await run({
      inCompute: async (call) => {
        if (call === 5) await mf.dispose();
      },
    });
    expect(first.error).toBeDefined();
    const restarted = await open("killed-inside");
    const cursor = (await leftovers(restarted.mf)).cursors as { rows_done: unknown; batches: unknown }[];
    expect(cursor.map((c) => [Number(c.rows_done), Number(c.batches)])).toEqual([[400, 4]]);
    const second = await restarted.run({}, true);
    expect(second.error, String(second.error?.message)).toBeUndefined();
    expect(await ledger(restarted.mf)).toEqual(reference);
  }, 120_000);
});
