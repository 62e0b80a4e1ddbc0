import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderSql, upgrade } from "@athanor/core";
import { BIDI_TEXT, bidiRevisions } from "@athanor/core/testing";
import { hasEscapedCharacters } from "@athanor/core/text";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteDialect } from "./sqlite-dialect.js";

// "Trojan Source": a bidirectional override or isolate in a default or a check's string would make
// `upgrade --sql`, read in a file, show other SQL than it runs. SQLite builds such text with
// char(…), the same text to the database. A name has no escaped form: a table so named is kept
// as it is (not refused).
const keptName = "kept\u202eTXT";
const revisions = bidiRevisions({
  table: "acct",
  column: "c",
  textType: "text",
  quote: (name) => `"${name}"`,
  comment: false,
  keptName,
});

const folder = mkdtempSync(join(tmpdir(), "athanor-sqlite-bidi-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("bidirectional controls in SQLite SQL text", () => {
  it("upgrade --sql builds text with char(…); the database stores exactly the text", async () => {
    const file = join(folder, "bidi.db");
    const dialect = sqliteDialect({ file });
    const { text: sql } = await renderSql({ dialect, revisions }, { direction: "upgrade", target: "heads" });
    expect(sql).toContain("char(8238)");
    // nothing but the name holds one raw
    expect(sql).toContain(`CREATE TABLE "${keptName}"`);
    expect(hasEscapedCharacters(sql.replaceAll(keptName, ""))).toBe(false);

    const run = await upgrade({ dialect, revisions });
    expect(run.error, String(run.error?.message)).toBeUndefined();
    const db = new Database(file);
    try {
      expect(db.prepare("SELECT c FROM acct").pluck().all()).toStrictEqual([BIDI_TEXT]);
      expect(() => db.prepare("INSERT INTO acct VALUES (2, ?)").run(`${BIDI_TEXT}x`)).toThrow(/c_chk/);
    } finally {
      db.close();
    }
  }, 60_000);
});
