import { createOp, defineRevision, isAthanorError, upgrade } from "@athanor/core";
import { mysqlDialect } from "@athanor/mysql";
import { pgliteDialect } from "@athanor/postgres";
import { eq } from "drizzle-orm";
import { int, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drizzleOf, mysqlDrizzleOf, pgDrizzleOf } from "./drizzle-of.js";

const pgUsers = pgTable("users", { id: integer("id").primaryKey(), email: text("email").notNull() });
const myUsers = mysqlTable("users", {
  id: int("id").primaryKey(),
  email: varchar("email", { length: 200 }).notNull(),
});

// Inside one revision: DDL queued by op.execute, then Drizzle writes and reads on the same
// connection and transaction, and a failure after them must roll everything back.
const seen: unknown[] = [];
function revisions(family: "pg" | "mysql", failAtEnd: boolean) {
  return [
    defineRevision({
      id: `r_${family}_${failAtEnd ? "fail" : "ok"}`,
      async upgrade(op) {
        op.execute("CREATE TABLE users (id int PRIMARY KEY, email varchar(200) NOT NULL)");
        if (family === "pg") {
          const db = pgDrizzleOf(op);
          await db.insert(pgUsers).values([
            { id: 1, email: "A@X.IO" },
            { id: 2, email: "b@x.io" },
          ]);
          await db.update(pgUsers).set({ email: "a@x.io" }).where(eq(pgUsers.id, 1));
          seen.push(await db.select().from(pgUsers).orderBy(pgUsers.id));
        } else {
          const db = mysqlDrizzleOf(op);
          await db.insert(myUsers).values([
            { id: 1, email: "A@X.IO" },
            { id: 2, email: "b@x.io" },
          ]);
          await db.update(myUsers).set({ email: "a@x.io" }).where(eq(myUsers.id, 1));
          seen.push(await db.select().from(myUsers).orderBy(myUsers.id));
        }
        if (failAtEnd) op.execute("SELECT no_such_column FROM users");
      },
      downgrade(op) {
        op.execute("DROP TABLE users");
      },
    }),
  ];
}

describe("pgDrizzleOf on the revision's connection (PGlite)", () => {
  it("sees the revision's DDL, reads its own writes, and rolls back with the revision", async () => {
    const failing = pgliteDialect();
    const failed = await upgrade({ dialect: failing, revisions: revisions("pg", true) }, "heads");
    expect(failed.results[0]?.status).toBe("failed");
    const conn = await failing.connect();
    expect((await conn.query("SELECT to_regclass('users') AS t")).rows).toEqual([{ t: null }]);
    await conn.close();

    seen.length = 0;
    const dialect = pgliteDialect();
    const run = await upgrade({ dialect, revisions: revisions("pg", false) }, "heads");
    expect(run.results[0]?.status).toBe("applied");
    expect(seen).toEqual([
      [
        { id: 1, email: "a@x.io" },
        { id: 2, email: "b@x.io" },
      ],
    ]);
  }, 120_000);
});

describe("mysqlDrizzleOf on the revision's connection (MariaDB 10.11)", () => {
  const database = `athanor_t_drizzleof_${process.pid}`;
  const server = "mysql://root@127.0.0.1:3306";
  beforeAll(async () => {
    const c = await mysql.createConnection(server);
    await c.query(`CREATE DATABASE \`${database}\``);
    await c.end();
  });
  afterAll(async () => {
    const c = await mysql.createConnection(server);
    await c.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await c.end();
  });

  it("writes and reads through Drizzle inside the revision", async () => {
    seen.length = 0;
    const run = await upgrade(
      { dialect: mysqlDialect({ url: `${server}/${database}` }), revisions: revisions("mysql", false) },
      "heads",
    );
    expect(run.results[0]?.status, JSON.stringify(run.results[0]?.error)).toBe("applied");
    expect(seen).toEqual([
      [
        { id: 1, email: "a@x.io" },
        { id: 2, email: "b@x.io" },
      ],
    ]);
  }, 120_000);
});

describe("drizzleOf picks the family from op.dialect", () => {
  const opOn = (dialect: string) =>
    createOp({ dialect, emit: () => undefined, query: () => Promise.reject(new Error("offline")) });
  const codeOf = (dialect: string): string | undefined => {
    try {
      drizzleOf(opOn(dialect));
    } catch (error) {
      return isAthanorError(error) ? error.code : "not coded";
    }
    return undefined;
  };

  it("gives PostgreSQL and MySQL dialects their handle", () => {
    for (const dialect of ["postgresql", "pglite", "mysql", "mariadb"])
      expect(codeOf(dialect)).toBeUndefined();
  });

  it("refuses any other dialect instead of handing it PostgreSQL's SQL", () => {
    expect(codeOf("sqlite")).toBe("ATHANOR_DIALECT_UNKNOWN");
    expect(codeOf("quirklite")).toBe("ATHANOR_DIALECT_UNKNOWN");
  });
});
