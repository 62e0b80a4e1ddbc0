import { operations as o } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase, type ScratchDatabase } from "../testing/test-databases.js";
import { renderRequireNoDependents } from "./dependents-guard.js";

// The check finds what names a column however the name is spelled: a trigger or SQL function
// body quotes a name with quotes doubled, and a name may begin or end with a character that is
// not a word character, which \m/\M never matched.
let db: ScratchDatabase;
beforeAll(async () => {
  db = await freshPostgresDatabase("dependents_guard");
}, 60_000);
afterAll(async () => {
  await db?.dispose();
});

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** The check's outcome over `table.column` once `objects` exist beside it, in a schema of its own. */
async function check(table: string, column: string, objects: (t: string, c: string) => string) {
  const t = `s.${q(table)}`;
  await db.exec(
    `CREATE SCHEMA s; CREATE TABLE ${t} (id int PRIMARY KEY, ${q(column)} text, mm text, m_x text); ${objects(t, q(column))}`,
  );
  try {
    for (const sql of renderRequireNoDependents(
      o.requireNoDependents({ schema: "s", name: table }, [column]),
    ))
      await db.exec(sql);
    return "passed";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await db.exec("DROP SCHEMA s CASCADE");
  }
}
const triggerSetting = (t: string, c: string) =>
  `CREATE FUNCTION s.tf() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN NEW.${c} := 'x'; RETURN NEW; END $f$;
   CREATE TRIGGER tr BEFORE INSERT ON ${t} FOR EACH ROW EXECUTE FUNCTION s.tf();`;
const functionReading = (t: string, c: string) =>
  `CREATE FUNCTION s.f() RETURNS bigint LANGUAGE sql AS $f$ SELECT count(${c}) FROM ${t} $f$;`;

describe("op.requireNoDependents on PostgreSQL, names as bodies spell them", () => {
  it.each([
    ["m✓", "a trigger function", "t", triggerSetting, "trigger tr on s.t (function s.tf())"],
    ['a"b', "a trigger function", "t", triggerSetting, "trigger tr on s.t (function s.tf())"],
    ["$m", "a function", "t", functionReading, "function s.f()"],
    ["m", "a function", 't"x', functionReading, "function s.f()"],
  ])("a column %j named by %s over table %j is found", async (column, _what, table, objects, found) => {
    const message = await check(table, column, objects);
    expect(message).toContain(`An object outside the models still names ${column} of "s".${q(table)}`);
    expect(message).toContain(`[${found}]`);
  });

  it("a column is not found inside a longer name", async () => {
    expect(
      await check(
        "t",
        "m",
        (t) =>
          `CREATE FUNCTION s.f() RETURNS bigint LANGUAGE sql AS $f$ SELECT count(mm) + count(m_x) FROM ${t} $f$;`,
      ),
    ).toBe("passed");
  });

  it("a trigger of another table whose function names the column is found (as the function it runs)", async () => {
    // MariaDB's check lists such a trigger under its own name; PostgreSQL reaches it through its
    // function body, which names the table and the column
    const message = await check(
      "users",
      "mail",
      (t, c) =>
        `CREATE TABLE s.orders (id int, user_id int, mail_copy text);
         CREATE FUNCTION s.copy_mail() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN NEW.mail_copy := (SELECT u.${c} FROM ${t} u WHERE u.id = NEW.user_id); RETURN NEW; END $f$;
         CREATE TRIGGER orders_mail BEFORE INSERT ON s.orders FOR EACH ROW EXECUTE FUNCTION s.copy_mail();`,
    );
    expect(message).toContain(`An object outside the models still names mail of "s"."users"`);
    expect(message).toContain("[function s.copy_mail()]");
  });
});
