import { type Connection, operations as o } from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlDialect } from "../mysql-dialect.js";
import { type ScratchMysqlDatabase, scratchMysqlDatabase } from "../testing/scratch-database.js";
import { mysqlDependentsQuery } from "./dependents-guard.js";

// A trigger of *another* table whose body names the column a revision drops: MariaDB lists the
// other tables from the database's folder, where a table being renamed into place (an ALTER's
// copy, an online schema change's RENAME swap) is missing for a moment without any warning.
let db: ScratchMysqlDatabase;
let ddl: Connection;
beforeAll(async () => {
  db = await scratchMysqlDatabase();
  ddl = await mysqlDialect({ url: db.url }).connect();
  await db.connection.executeScript([
    "CREATE TABLE users (id int PRIMARY KEY, mail varchar(40))",
    "CREATE TABLE orders (id int PRIMARY KEY, user_id int, mail_copy varchar(40))",
    "CREATE TRIGGER orders_mail BEFORE INSERT ON orders FOR EACH ROW SET NEW.mail_copy = (SELECT u.mail FROM users u WHERE u.id = NEW.user_id)",
  ]);
}, 60_000);
afterAll(async () => {
  await ddl?.close();
  await db?.dispose();
});

const check = o.requireNoDependents("users", ["mail"]);
const guard = mysqlDialect({ server: "mariadb" }).render(check);
async function guardOutcome(): Promise<string> {
  try {
    for (const sql of guard) await db.connection.query(sql);
    return "passed";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("the MariaDB dependents check over another table's trigger", () => {
  it("finds it, in the check and in autogenerate's query", async () => {
    expect(await guardOutcome()).toContain(`[trigger ${db.name}.orders_mail]`);
    const { rows } = await db.connection.query<{ kind: string; name: string }>(mysqlDependentsQuery(check));
    expect(rows).toEqual([{ kind: "trigger", name: `${db.name}.orders_mail` }]);
  });

  it("never passes over it while another session's ALTER ... ALGORITHM=COPY renames that table into place again and again", async () => {
    // Listed from the folder while the ALTER renames its copy into place, the table was missing
    // without a warning: without the look at the process list, 8 of 376 reads of autogenerate's
    // query passed over the trigger in such a loop (no pause between the ALTERs).
    let stop = false;
    let swaps = 0; // ALTERs done
    const renames = (async () => {
      while (!stop && swaps < 40) {
        await ddl.query("ALTER TABLE orders COMMENT = 'copied', ALGORITHM=COPY");
        swaps++;
        // a moment between two ALTERs for a read that sees none in flight
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const outcomes: string[] = [];
    try {
      while (swaps < 40) outcomes.push(await guardOutcome());
    } finally {
      stop = true;
      await renames;
    }
    // each read found the trigger, or (an ALTER in flight at every look for 10 s) refused to decide
    const passed = outcomes.filter((outcome) => outcome === "passed");
    expect({ reads: outcomes.length, passed: passed.length }).toEqual({ reads: outcomes.length, passed: 0 });
    expect(outcomes.some((outcome) => outcome.includes(`[trigger ${db.name}.orders_mail]`))).toBe(true);
  }, 120_000);
});
