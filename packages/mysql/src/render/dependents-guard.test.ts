import { operations as o } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlDialect } from "../mysql-dialect.js";
import { upgradeOneRevision } from "../testing/one-revision-upgrade.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "../testing/scratch-database.js";

// The check finds what names a column however the name is spelled (a view's stored definition
// doubles a backtick inside a name; a trigger body may quote it or not, and a name may begin or
// end with a character that is not a word character, which \b never matched), and it refuses
// with its own message in a database whose default character set is not Unicode.
let db: ScratchMysqlDatabase;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
}, 60_000);
afterAll(async () => {
  await db?.dispose();
});

const mariadb = mysqlDialect({ server: "mariadb" });
const q = (name: string) => `\`${name.replaceAll("`", "``")}\``;
/** The check's outcome over `table.column` once `objects` exist beside it (all dropped after). */
async function check(table: string, column: string, objects: (t: string, c: string) => string[]) {
  await db.connection.executeScript([
    `CREATE TABLE ${q(table)} (id int PRIMARY KEY, ${q(column)} varchar(10), mm varchar(10), m_x varchar(10))`,
    ...objects(q(table), q(column)),
  ]);
  try {
    for (const sql of mariadb.render(o.requireNoDependents(table, [column]))) await db.connection.query(sql);
    return "passed";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await db.connection.executeScript(["DROP VIEW IF EXISTS v", `DROP TABLE ${q(table)}`]);
  }
}
const view = (t: string, c: string) => [`CREATE VIEW v AS SELECT ${c} FROM ${t}`];
const trigger = (t: string, c: string) => [
  `CREATE TRIGGER tr BEFORE INSERT ON ${t} FOR EACH ROW SET NEW.${c} = 'x'`,
];

describe("op.requireNoDependents on MariaDB, names as the catalogue spells them", () => {
  it.each([
    ["c`x", "a view", "t", view, "view"],
    ["c", "a view", "t`x", view, "view"],
    ["m✓", "a trigger", "t", trigger, "trigger"],
    ["$m", "a trigger", "t", trigger, "trigger"],
    ["c`x", "a trigger", "t", trigger, "trigger"],
  ])("a column %j named by %s over table %j is found", async (column, _what, table, objects, kind) => {
    const message = await check(table, column, objects);
    expect(message).toContain(`Objects outside the models still name ${column} of ${q(table)}`);
    expect(message).toContain(`[${kind} ${db.name}.${kind === "view" ? "v" : "tr"}]`);
  });

  it("a column is not found inside a longer name", async () => {
    expect(
      await check("t", "m", (t) => [
        `CREATE TRIGGER tr BEFORE INSERT ON ${t} FOR EACH ROW SET NEW.mm = NEW.m_x`,
      ]),
    ).toBe("passed");
  });

  it("refuses with its own message in a latin1 database, over Unicode names", async () => {
    await db.connection.query(`ALTER DATABASE ${q(db.name)} CHARACTER SET latin1`);
    try {
      const message = await check("t✓", "m✓", (t, c) => [`CREATE VIEW v AS SELECT ${c} AS \`v✓\` FROM ${t}`]);
      expect(message).toContain(`Objects outside the models still name m✓ of \`t✓\``);
    } finally {
      await db.connection.query(
        `ALTER DATABASE ${q(db.name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
    }
  });

  it("the runner's refusal lists exactly the objects, whatever brackets the names before the list hold", async () => {
    await db.connection.executeScript([
      "CREATE TABLE `t[1]` (id int PRIMARY KEY, `c]; x` int)",
      ...view("`t[1]`", "`c]; x`"),
    ]);
    try {
      const run = await upgradeOneRevision(
        db.url,
        "v_guard",
        async (op) => void (await op.requireNoDependents("t[1]", ["c]; x"])),
      );
      expect(run.error?.code).toBe("ATHANOR_BROKEN_DEPENDENTS");
      expect(run.error?.meta?.dependents).toEqual([`view ${db.name}.v`]);
    } finally {
      await db.connection.executeScript(["DROP VIEW v", "DROP TABLE `t[1]`"]);
    }
  });
});
