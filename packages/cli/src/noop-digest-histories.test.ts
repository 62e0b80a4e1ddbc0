import { acceptNoopSummary, appliedDigest, BookkeepingSql, confirmNoopUpgrade } from "@athanor/core/runner";
import { createTestDatabase, type TestDatabase } from "@athanor/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SERVERS } from "./testing/test-servers.js";

// The no-op's server digest against odd histories: the row it takes per revision is the one the
// rows path records, rows without a checksum are no entry on either side, and its "equal" never
// answers where the rows (a summary without the digest, as the previous athanor wrote it) refuse.

type Row = readonly [revision: string, direction: string, status: string, checksum: string | null];

interface History {
  readonly name: string;
  readonly rows: readonly Row[];
  readonly heads: readonly string[];
  /** The summary's checksums (the files'). */
  readonly files: Readonly<Record<string, string>>;
  /** What `recordedChecksums` keeps: the digest the server must compute. */
  readonly recorded: Readonly<Record<string, string>>;
  /** Whether the rows path (and so the digest path) answers the no-op. */
  readonly answered: boolean;
}

const sum = (c: string) => `sha256:${c.repeat(64)}`;
const [A, B, OLD, NEW] = [sum("a"), sum("b"), sum("0"), sum("1")];

const HISTORIES: readonly History[] = [
  {
    name: "a stamped revision without a checksum beside an applied one",
    rows: [
      ["a", "upgrade", "ok", A],
      ["b", "stamp", "ok", null],
    ],
    heads: ["b"],
    files: { a: A, b: B },
    recorded: { a: A },
    answered: true,
  },
  {
    name: "a row without a checksum after the applied one keeps the applied checksum",
    rows: [
      ["a", "upgrade", "ok", OLD],
      ["a", "stamp", "ok", null],
    ],
    heads: ["a"],
    files: { a: NEW },
    recorded: { a: OLD },
    answered: false,
  },
  {
    name: "a revision whose only rows have no checksum is no entry",
    rows: [
      ["a", "upgrade", "ok", A],
      ["z", "upgrade", "ok", null],
      ["z", "accept", "ok", null],
    ],
    heads: ["a"],
    files: { a: A },
    recorded: { a: A },
    answered: true,
  },
  {
    name: "an accept row supersedes the upgrade's checksum",
    rows: [
      ["a", "upgrade", "ok", OLD],
      ["a", "accept", "ok", NEW],
    ],
    heads: ["a"],
    files: { a: NEW },
    recorded: { a: NEW },
    answered: true,
  },
  {
    name: "downgraded, then re-applied with another checksum: the later one",
    rows: [
      ["a", "upgrade", "ok", OLD],
      ["a", "downgrade", "ok", OLD],
      ["a", "upgrade", "ok", NEW],
    ],
    heads: ["a"],
    files: { a: NEW },
    recorded: { a: NEW },
    answered: true,
  },
  {
    name: "re-applied with the older checksum: the later row, not the larger value",
    rows: [
      ["a", "upgrade", "ok", NEW],
      ["a", "downgrade", "ok", NEW],
      ["a", "upgrade", "ok", OLD],
    ],
    heads: ["a"],
    files: { a: NEW },
    recorded: { a: OLD },
    answered: false,
  },
  {
    name: "a downgrade row's checksum is not an application",
    rows: [
      ["a", "upgrade", "ok", A],
      ["a", "downgrade", "ok", B],
      ["a", "upgrade", "failed", B],
    ],
    heads: ["a"],
    files: { a: A },
    recorded: { a: A },
    answered: true,
  },
  {
    name: "a failed attempt after the applied row: the applied row's checksum",
    rows: [
      ["a", "upgrade", "ok", OLD],
      ["a", "upgrade", "failed", NEW],
    ],
    heads: ["a"],
    files: { a: NEW },
    recorded: { a: OLD },
    answered: false,
  },
  {
    name: "a partial attempt after the applied row: digest equal, still no answer",
    rows: [
      ["a", "upgrade", "ok", A],
      ["b", "upgrade", "ok", B],
      ["b", "upgrade", "partial", B],
    ],
    heads: ["b"],
    files: { a: A, b: B },
    recorded: { a: A, b: B },
    answered: false,
  },
  {
    name: "a partial run resumed to the end",
    rows: [
      ["a", "upgrade", "partial", null],
      ["a", "upgrade", "ok", A],
    ],
    heads: ["a"],
    files: { a: A },
    recorded: { a: A },
    answered: true,
  },
  {
    name: "multi-byte ids and checksums: bytes, not characters",
    rows: [
      ["ä1", "upgrade", "ok", "sha256:é😀"],
      ["😀", "upgrade", "ok", "sha256:ü"],
    ],
    heads: ["😀"],
    files: { ä1: "sha256:é😀", "😀": "sha256:ü" },
    recorded: { ä1: "sha256:é😀", "😀": "sha256:ü" },
    answered: true,
  },
];

const DATABASES = [
  ...TEST_SERVERS.map(({ name, url }) => ({ name, url })),
  { name: "PGlite", url: "pglite" },
];

describe.each(DATABASES)("the no-op digest over odd histories on $name", ({ url }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ url, prefix: "noopdig" });
  });
  afterAll(async () => db?.dispose());

  it.each(HISTORIES)(
    "$name",
    async (history) => {
      const sql = new BookkeepingSql(db.dialect, { name: "athanor_version" });
      const read = sql.selectNoopDigest();
      if (read === undefined) throw new Error("this dialect computes no digest");
      const conn = await db.connect();
      try {
        for (const statement of sql.createTables()) await conn.query(statement);
        await conn.query(`DELETE FROM ${sql.historyTable}`);
        await conn.query(`DELETE FROM ${sql.versionTable}`);
        for (const head of history.heads) await conn.query(sql.insert(head));
        const lit = (v: string | null) => (v === null ? "NULL" : db.dialect.quoteLiteral(v));
        for (const row of history.rows)
          await conn.query(
            `INSERT INTO ${sql.historyTable} (run_id, revision, direction, status, checksum) VALUES ('r', ${row.map(lit).join(", ")})`,
          );
        // the server takes the row the rows path records, and skips no entry the client keeps
        const found = (await conn.query<{ part: number | string; value: string }>(read)).rows;
        expect(found.find((row) => Number(row.part) === 3)?.value).toBe(appliedDigest(history.recorded));
      } finally {
        await conn.close();
      }
      const written = {
        heads: [...history.heads],
        targets: ["heads", "head"],
        checksums: history.files,
        appliedDigest: appliedDigest(history.files),
      };
      // with the digest, and as the previous athanor wrote it (no digest: the rows decide)
      const withDigest = acceptNoopSummary(JSON.parse(JSON.stringify(written)));
      const { appliedDigest: _, ...older } = written;
      const withoutDigest = acceptNoopSummary(JSON.parse(JSON.stringify(older)));
      expect(withDigest?.appliedDigest).toBe(written.appliedDigest);
      expect(withoutDigest).toBeDefined();
      expect(withoutDigest?.appliedDigest).toBeUndefined();
      const options = { dialect: db.dialect, revisions: [] };
      const answers = [];
      for (const summary of [withDigest, withoutDigest])
        answers.push(
          (await confirmNoopUpgrade(options, summary as NonNullable<typeof summary>, "heads")) !== undefined,
        );
      expect(answers).toEqual([history.answered, history.answered]);
    },
    60_000,
  );
});

describe("the no-op digest past MariaDB's max_allowed_packet", () => {
  const mariadb = TEST_SERVERS.find((server) => server.name === "MariaDB");
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ url: mariadb?.url ?? "", prefix: "noopcut" });
  });
  afterAll(async () => db?.dispose());

  // GROUP_CONCAT stops at max_allowed_packet whatever group_concat_max_len says (a warning, no
  // error): the cut text is never the client's, so the rows decide, and a conflict in the entries
  // cut off (the last ids in byte order) is still refused
  it("is cut, never equal: the rows answer, and refuse a conflict in the part cut off", async () => {
    const sql = new BookkeepingSql(db.dialect, { name: "athanor_version" });
    const conn = await db.connect();
    const files: Record<string, string> = {};
    const id = (i: number) => `r${String(i).padStart(12, "0")}`;
    try {
      const packet = Number((await conn.query<{ p: string }>("SELECT @@max_allowed_packet AS p")).rows[0]?.p);
      if (!(packet <= 64 * 1024 * 1024))
        throw new Error(`max_allowed_packet ${packet}: too large a history to write`);
      const count = Math.ceil(packet / 90) + 1_000; // each entry is 90 bytes: "13:r…74:sha256:…"
      for (const statement of sql.createTables()) await conn.query(statement);
      await conn.query(sql.insert(id(count)));
      await conn.query(
        `INSERT INTO ${sql.historyTable} (run_id, revision, direction, status, checksum) ` +
          `SELECT 'r', CONCAT('r', LPAD(seq, 12, '0')), 'upgrade', 'ok', '${A}' FROM seq_1_to_${count}`,
      );
      for (let i = 1; i <= count; i++) files[id(i)] = A;
      const answers = async (checksums: Record<string, string>) => {
        const written = {
          heads: [id(count)],
          targets: ["heads"],
          checksums,
          appliedDigest: appliedDigest(checksums),
        };
        const { appliedDigest: _, ...older } = written;
        const out = [];
        for (const summary of [written, older])
          out.push(
            (await confirmNoopUpgrade({ dialect: db.dialect, revisions: [] }, summary, "heads")) !==
              undefined,
          );
        return out;
      };
      // the server's text is cut, so its digest is not the summary's: the rows decided that answer
      const found = (await conn.query<{ part: number | string; value: string }>(sql.selectNoopDigest() ?? ""))
        .rows;
      expect(found.find((row) => Number(row.part) === 3)?.value).not.toBe(appliedDigest(files));
      expect(await answers(files)).toEqual([true, true]);
      // the last revision in byte order, past the cut, recorded with another checksum than its file's
      await conn.query(`UPDATE ${sql.historyTable} SET checksum = '${B}' WHERE revision = '${id(count)}'`);
      expect(await answers(files)).toEqual([false, false]);
    } finally {
      await conn.close();
    }
  }, 180_000);
});

describe("the no-op digest refused by PostgreSQL", () => {
  const postgres = TEST_SERVERS.find((server) => server.name === "PostgreSQL");
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ url: postgres?.url ?? "", prefix: "noopmd5" });
  });
  afterAll(async () => db?.dispose());

  // md5() refused (FIPS mode, or no EXECUTE on it): the digest read fails, which is no answer
  // either way, so the rows decide as on a digest that differs; shadowed here by a function that
  // raises, found before pg_catalog's on this database's search_path alone
  it("answers from the rows when md5() fails, and still refuses a conflict", async () => {
    const sql = new BookkeepingSql(db.dialect, { name: "athanor_version" });
    const admin = await db.connect();
    try {
      await admin.query("CREATE SCHEMA shadow");
      await admin.query(
        "CREATE FUNCTION shadow.md5(text) RETURNS text LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'md5 refused'; END$$",
      );
      await admin.query(
        `ALTER DATABASE ${db.dialect.quoteIdent(db.name)} SET search_path = public, shadow, pg_catalog`,
      );
      for (const statement of sql.createTables()) await admin.query(statement);
      await admin.query(sql.insert("b"));
      await admin.query(
        `INSERT INTO ${sql.historyTable} (run_id, revision, direction, status, checksum) VALUES ('r', 'a', 'upgrade', 'ok', '${A}'), ('r', 'b', 'upgrade', 'ok', '${B}')`,
      );
    } finally {
      await admin.close();
    }
    const conn = await db.connect(); // a new session: the database's search_path
    try {
      await expect(conn.query(sql.selectNoopDigest() ?? "")).rejects.toThrow(/md5 refused/);
    } finally {
      await conn.close();
    }
    const answer = (checksums: Record<string, string>) =>
      confirmNoopUpgrade(
        { dialect: db.dialect, revisions: [] },
        { heads: ["b"], targets: ["heads"], checksums, appliedDigest: appliedDigest(checksums) },
        "heads",
      );
    expect(await answer({ a: A, b: B })).toEqual({
      results: [],
      heads: { before: ["b"], after: ["b"] },
      waitedForLockMs: 0,
    });
    expect(await answer({ a: A, b: A })).toBeUndefined();
  }, 60_000);
});
