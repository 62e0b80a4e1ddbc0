import {
  type Connection,
  type Dialect,
  defineRevision,
  downgrade,
  type RevisionDefinition,
  type RunnerEvent,
  renderSql,
  upgrade,
} from "@athanor/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pgliteDialect } from "./pglite-dialect.js";
import { postgresDialect } from "./postgres-dialect.js";
import { createTestDatabase } from "./testing/test-server.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function withConn<T>(dialect: Dialect, body: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await dialect.connect();
  try {
    return await body(conn);
  } finally {
    await conn.close();
  }
}

const rev = (id: string, parents: string[], upgradeFn: RevisionDefinition["upgrade"]) =>
  defineRevision({ id, parents, message: id, upgrade: upgradeFn, downgrade() {} });

const dialects: [string, () => Promise<Dialect>][] = [
  [
    "PostgreSQL 15",
    async () => {
      const db = await createTestDatabase("backfill");
      cleanups.push(() => db.drop());
      return postgresDialect({ url: db.url });
    },
  ],
  ["PGlite", async () => pgliteDialect({ dataDir: "memory://" })],
];

describe.each(dialects)("op.backfill on %s", (_name, create) => {
  let dialect: Dialect;
  beforeAll(async () => {
    dialect = await create();
  }, 60_000);

  test("set expressions in keyset batches, skipping rows the where clause excludes; summary in history, cursor row cleared", async () => {
    await withConn(dialect, (c) =>
      c.executeScript([
        "CREATE SCHEMA s1",
        "CREATE TABLE s1.users (id bigint PRIMARY KEY, email text NOT NULL, email_lower text)",
        "INSERT INTO s1.users SELECT g, 'User' || g || '@Example.COM', NULL FROM generate_series(1, 2500) g",
        "UPDATE s1.users SET email_lower = 'kept' WHERE id % 10 = 0",
      ]),
    );
    const events: RunnerEvent[] = [];
    const revisions = [
      rev("s1a", [], async (op) => {
        await op.backfill({
          table: { schema: "s1", name: "users" },
          set: { email_lower: "lower(email)" },
          where: "email_lower IS NULL",
          batchSize: 1000,
        });
      }),
    ];
    const run = await upgrade({
      dialect,
      revisions,
      versionTable: { name: "v_s1" },
      onProgress: (e) => events.push(e),
    });
    expect(run.error).toBeUndefined();
    const rows = await withConn(
      dialect,
      async (c) =>
        (
          await c.query<{ id: string; email_lower: string }>(
            "SELECT id, email_lower FROM s1.users ORDER BY id",
          )
        ).rows,
    );
    expect(rows.filter((r) => Number(r.id) % 10 === 0).every((r) => r.email_lower === "kept")).toBe(true);
    expect(
      rows.filter((r) => Number(r.id) % 10 !== 0).every((r) => r.email_lower === `user${r.id}@example.com`),
    ).toBe(true);
    const progress = events.filter((e) => e.type === "backfill-progress");
    // 2,250 rows need the backfill: two full batches and a short one
    expect(progress.map((e) => e.type === "backfill-progress" && e.rowsDone)).toEqual([1000, 2000, 2250]);
    expect(
      progress.every(
        (e) => e.type === "backfill-progress" && e.rowsPerSecond > 0 && e.estimatedTotal === 2250,
      ),
    ).toBe(true);
    const end = events.find((e) => e.type === "backfill-end");
    expect(end?.type === "backfill-end" && end.summary).toMatchObject({
      table: "s1.users",
      rows: 2250,
      batches: 3,
      resumed: false,
    });
    const note = await withConn(
      dialect,
      async (c) =>
        (await c.query<{ note: string }>("SELECT note FROM v_s1_history WHERE status = 'ok'")).rows[0]?.note,
    );
    expect(note).toMatch(/^backfill s1\.users: 2,250 rows in 3 batches, [\d.]+ s, longest batch \d+ ms$/);
    expect(await withConn(dialect, async (c) => (await c.query("SELECT * FROM v_s1_backfill")).rows)).toEqual(
      [],
    );
  }, 60_000);

  test("compute callback over a composite primary key; DDL before and after the backfill commit around it", async () => {
    await withConn(dialect, (c) =>
      c.executeScript([
        "CREATE TABLE items (tenant int, id int, name text NOT NULL, PRIMARY KEY (tenant, id))",
        "INSERT INTO items SELECT t, i, 'item ' || i FROM generate_series(1, 3) t, generate_series(1, 400) i",
      ]),
    );
    const batches: number[] = [];
    const revisions = [
      rev("c1", [], async (op) => {
        op.execute("ALTER TABLE items ADD COLUMN slug text");
        await op.backfill({
          table: "items",
          batchSize: 250,
          columns: ["name"],
          compute: (rows) => {
            batches.push(rows.length);
            return rows.map((r) => ({
              tenant: r.tenant,
              id: r.id,
              slug: `${String(r.name).replace(" ", "-")}-t${r.tenant}`,
            }));
          },
        });
        op.execute("ALTER TABLE items ALTER COLUMN slug SET NOT NULL");
      }),
    ];
    const run = await upgrade({ dialect, revisions, versionTable: { name: "v_c1" } });
    expect(run.error).toBeUndefined();
    expect(batches).toEqual([250, 250, 250, 250, 200]);
    const wrong = await withConn(
      dialect,
      async (c) =>
        (await c.query("SELECT count(*)::int AS n FROM items WHERE slug <> 'item-' || id || '-t' || tenant"))
          .rows[0],
    );
    expect(wrong).toEqual({ n: 0 });
    const notNull = await withConn(
      dialect,
      async (c) =>
        (
          await c.query<{ is_nullable: string }>(
            "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'slug'",
          )
        ).rows[0],
    );
    expect(notNull).toEqual({ is_nullable: "NO" });
  }, 60_000);

  test("an interrupted backfill resumes from its cursor without redoing committed batches", async () => {
    await withConn(dialect, (c) =>
      c.executeScript([
        "CREATE TABLE r (id int PRIMARY KEY, v int)",
        "INSERT INTO r SELECT g, NULL FROM generate_series(1, 1000) g",
      ]),
    );
    let failOnBatch: number | undefined = 3;
    const seen: number[][] = [];
    const revisions = [
      rev("r1", [], async (op) => {
        await op.backfill({
          table: "r",
          batchSize: 200,
          compute: (rows) => {
            seen.push(rows.map((row) => Number(row.id)));
            if (seen.length === failOnBatch) throw new Error("worker crashed");
            return rows.map((row) => ({ id: row.id, v: Number(row.id) * 2 }));
          },
        });
      }),
    ];
    const options = { dialect, revisions, versionTable: { name: "v_r" } };
    const first = await upgrade(options);
    expect(first.error?.code).toBe("ATHANOR_BACKFILL_FAILED");
    expect(first.error?.message).toContain("400 rows in 2 batches are done");
    // committed batches make the revision partial: recorded, and a plain re-run refuses
    expect(first.results[0]?.status).toBe("partial");
    expect(first.error?.message).toContain("upgrade(options, { resume: true })");
    const saved = await withConn(
      dialect,
      async (c) => (await c.query("SELECT cursor_key, rows_done::int AS rows_done FROM v_r_backfill")).rows,
    );
    expect(saved).toEqual([{ cursor_key: '["400"]', rows_done: 400 }]);
    expect(
      await withConn(
        dialect,
        async (c) => (await c.query("SELECT count(*)::int AS n FROM r WHERE v IS NOT NULL")).rows[0],
      ),
    ).toEqual({ n: 400 });

    failOnBatch = undefined;
    seen.length = 0;
    const events: RunnerEvent[] = [];
    await expect(upgrade(options)).rejects.toMatchObject({ code: "ATHANOR_PARTIAL_REVISION" });
    const second = await upgrade({ ...options, onProgress: (e) => events.push(e) }, "heads", {
      resume: true,
    });
    expect(second.error).toBeUndefined();
    expect(Math.min(...seen.flat())).toBe(401);
    expect(seen.flat()).toHaveLength(600);
    const end = events.find((e) => e.type === "backfill-end");
    expect(end?.type === "backfill-end" && end.summary).toMatchObject({
      rows: 1000,
      batches: 5,
      resumed: true,
    });
    expect(events.find((e) => e.type === "backfill-start")).toMatchObject({ resumedAtRows: 400 });
    expect(
      await withConn(
        dialect,
        async (c) => (await c.query("SELECT count(*)::int AS n FROM r WHERE v = id * 2")).rows[0],
      ),
    ).toEqual({ n: 1000 });
    expect(await withConn(dialect, async (c) => (await c.query("SELECT * FROM v_r_backfill")).rows)).toEqual(
      [],
    );
  }, 60_000);

  test("is idempotent: running the same backfill again touches nothing", async () => {
    await withConn(dialect, (c) =>
      c.executeScript([
        "CREATE TABLE idem (id int PRIMARY KEY, a int, b int)",
        "INSERT INTO idem SELECT g, g, NULL FROM generate_series(1, 300) g",
      ]),
    );
    const revisions = [
      rev(
        "i1",
        [],
        async (op) =>
          void (await op.backfill({
            table: "idem",
            set: { b: "a + 1" },
            where: "b IS NULL",
            batchSize: 100,
          })),
      ),
    ];
    const options = { dialect, revisions, versionTable: { name: "v_i" } };
    expect((await upgrade(options)).error).toBeUndefined();
    await withConn(dialect, (c) => c.executeScript(["UPDATE idem SET b = -1 WHERE id = 5"]));
    expect((await downgrade(options, "base")).error).toBeUndefined();
    const events: RunnerEvent[] = [];
    expect((await upgrade({ ...options, onProgress: (e) => events.push(e) })).error).toBeUndefined();
    const end = events.find((e) => e.type === "backfill-end");
    expect(end?.type === "backfill-end" && end.summary.rows).toBe(0);
    expect(
      await withConn(
        dialect,
        async (c) => (await c.query("SELECT b FROM idem WHERE id IN (5, 6) ORDER BY id")).rows,
      ),
    ).toEqual([{ b: -1 }, { b: 7 }]);
  }, 60_000);

  test("a table without a primary key is refused with a coded error", async () => {
    await withConn(dialect, (c) => c.executeScript(["CREATE TABLE nopk (a int, b int)"]));
    const revisions = [
      rev("n1", [], async (op) => void (await op.backfill({ table: "nopk", set: { b: "a" } }))),
    ];
    const run = await upgrade({ dialect, revisions, versionTable: { name: "v_n" } });
    expect(run.error?.code).toBe("ATHANOR_BACKFILL_NO_PRIMARY_KEY");
  }, 60_000);

  test("offline --sql renders a comment and one plain UPDATE; a compute backfill is refused", async () => {
    const set = [
      rev(
        "o1",
        [],
        async (op) =>
          void (await op.backfill({
            table: "users",
            set: { a: "lower(b)" },
            where: "a IS NULL",
            batchSize: 500,
          })),
      ),
    ];
    const { text } = await renderSql({ dialect, revisions: set }, { direction: "upgrade", target: "heads" });
    expect(text).toContain(
      "-- athanor backfill of users: online runs update it in keyset batches of 500 rows",
    );
    expect(text).toContain('UPDATE "users" SET "a" = lower(b) WHERE a IS NULL;');
    const compute = [
      rev("o2", [], async (op) => void (await op.backfill({ table: "users", compute: (rows) => rows }))),
    ];
    await expect(
      renderSql({ dialect, revisions: compute }, { direction: "upgrade", target: "heads" }),
    ).rejects.toMatchObject({ code: "ATHANOR_UNSUPPORTED" });
  });
});
