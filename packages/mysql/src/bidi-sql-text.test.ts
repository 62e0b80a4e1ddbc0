import { renderSql, upgrade } from "@athanor/core";
import { BIDI_TEXT, bidiRevisions } from "@athanor/core/testing";
import { hasEscapedCharacters } from "@athanor/core/text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlDialect } from "./mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "./testing/scratch-database.js";

// "Trojan Source": a bidirectional override or isolate in a default or a check's string would make
// `upgrade --sql`, read in a file, show other SQL than it runs. MySQL/MariaDB writes such text as
// a hex literal of its UTF-8 bytes, the same text to the server. A name has no escaped form: a
// table so named is kept as it is (not refused), and so is a COMMENT, which takes only a quoted
// string.
const keptName = "kept\u202eTXT";
const revisions = bidiRevisions({
  table: "acct",
  column: "c",
  textType: "varchar(100)",
  quote: (name) => `\`${name}\``,
  comment: true,
  keptName,
});

let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
});
afterAll(async () => {
  await db?.dispose();
});

describe("bidirectional controls in MySQL/MariaDB SQL text", () => {
  it("upgrade --sql writes text as hex literals; the server stores exactly the text", async () => {
    const dialect = mysqlDialect({ url: db.url, server: "mariadb" });
    const { text: sql } = await renderSql({ dialect, revisions }, { direction: "upgrade", target: "heads" });
    expect(sql).toContain(`X'${Buffer.from(BIDI_TEXT).toString("hex").toUpperCase()}'`);
    // nothing but the name and the COMMENT holds one raw
    expect(sql).toContain(`CREATE TABLE \`${keptName}\``);
    expect(sql).toContain(`COMMENT '${BIDI_TEXT}'`);
    expect(hasEscapedCharacters(sql.replaceAll(keptName, "").replaceAll(`COMMENT '${BIDI_TEXT}'`, ""))).toBe(
      false,
    );

    const run = await upgrade({ dialect, revisions });
    expect(run.error, String(run.error?.message)).toBeUndefined();
    const { rows } = await db.connection.query<{ c: string; comment: string }>(
      "SELECT c, (SELECT COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'acct' AND COLUMN_NAME = 'c') AS comment FROM acct",
    );
    expect(rows.map((row) => ({ ...row }))).toStrictEqual([{ c: BIDI_TEXT, comment: BIDI_TEXT }]);
    await expect(db.connection.query("INSERT INTO acct VALUES (2, ?)", [`${BIDI_TEXT}x`])).rejects.toThrow(
      /c_chk/,
    );
  }, 60_000);
});
