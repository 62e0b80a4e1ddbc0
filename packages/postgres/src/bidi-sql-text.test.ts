import { type Dialect, renderSql, upgrade } from "@athanor/core";
import { BIDI_TEXT, bidiRevisions } from "@athanor/core/testing";
import { hasEscapedCharacters } from "@athanor/core/text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresDialect } from "./postgres-dialect.js";
import { createTestDatabase, type TestServerDatabase } from "./testing/test-server.js";

// "Trojan Source": a bidirectional override or isolate in a default, a check's string, a comment
// or a name would make `upgrade --sql`, read in a file, show other SQL than it runs. PostgreSQL
// writes each of them escaped (E'…\u202E…', U&"…\202E…"), the same text and name to the server.
const table = "acct\u202eTXT";
const column = "c\u2066";
const revisions = bidiRevisions({
  table,
  column,
  textType: "text",
  quote: (name) => `"${name}"`,
  comment: true,
});

let db: TestServerDatabase;
let dialect: Dialect;
beforeAll(async () => {
  db = await createTestDatabase("bidi");
  dialect = postgresDialect({ url: db.url });
});
afterAll(async () => {
  await db?.drop();
});

describe("bidirectional controls in PostgreSQL SQL text", () => {
  it("upgrade --sql writes them escaped; the server stores exactly the text and the names", async () => {
    const { text: sql } = await renderSql({ dialect, revisions }, { direction: "upgrade", target: "heads" });
    // the revision's own SQL (op.execute) is the one place left as written
    expect(hasEscapedCharacters(sql.replace(/INSERT INTO [^\n]*/, ""))).toBe(false);
    expect(sql).toContain('U&"acct\\202ETXT"');
    expect(sql).toContain("E'admin\\u202E } \\u2066if (x)\\u2069");

    const run = await upgrade({ dialect, revisions });
    expect(run.error, String(run.error?.message)).toBeUndefined();
    const conn = await dialect.connect();
    try {
      const { rows } = await conn.query<{ c: string; comment: string; relname: string }>(
        `SELECT "${column}" AS c, col_description(c.oid, 2) AS comment, c.relname
           FROM "${table}", pg_class c WHERE c.relname = $1`,
        [table],
      );
      expect(rows.map((row) => ({ ...row }))).toStrictEqual([
        { c: BIDI_TEXT, comment: BIDI_TEXT, relname: table },
      ]);
      await expect(conn.query(`INSERT INTO "${table}" VALUES (2, $1)`, [`${BIDI_TEXT}x`])).rejects.toThrow(
        /c_chk/,
      );
    } finally {
      await conn.close();
    }
  }, 60_000);
});
