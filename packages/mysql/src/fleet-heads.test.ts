import { type Connection, defineRevision, schemaTargets, upgradeFleet } from "@athanor/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { mariadbFleetHeadsSql } from "./fleet-heads.js";
import { mysqlDialect } from "./mysql-dialect.js";
import { type MysqlConnection, openMysqlConnection } from "./mysql-driver.js";
import { quoteIdent } from "./quote.js";
import { TEST_MYSQL_URL } from "./testing/scratch-database.js";

// The no-op fleet's bulk heads read on MariaDB in one round trip. Tenant databases fleethd_*.
const AT_HEAD = ["fleethd_a", "fleethd_b`tick", "fleethd_c'quote"];
const WITHOUT_TABLE = "fleethd_none";
const ALL = [...AT_HEAD, WITHOUT_TABLE];
let admin: MysqlConnection;
beforeAll(async () => {
  admin = await openMysqlConnection({ url: TEST_MYSQL_URL });
  await admin.executeScript([
    ...ALL.flatMap((d) => [`DROP DATABASE IF EXISTS ${quoteIdent(d)}`, `CREATE DATABASE ${quoteIdent(d)}`]),
    ...AT_HEAD.flatMap((d) => [
      `CREATE TABLE ${quoteIdent(d)}.athanor_version (version_num varchar(64) NOT NULL PRIMARY KEY)`,
      `INSERT INTO ${quoteIdent(d)}.athanor_version VALUES ('h1')`,
    ]),
  ]);
});
afterAll(async () => {
  await admin?.executeScript(ALL.map((d) => `DROP DATABASE IF EXISTS ${quoteIdent(d)}`));
  await admin?.close();
});

test("one compound statement reads the heads of the tenants that have the version table; odd names are quoted by the server", async () => {
  const { rows } = await admin.query<unknown>(mariadbFleetHeadsSql(ALL, "athanor_version"));
  const first = rows[0] as { s: string; v: string }[];
  expect([...first].sort((a, b) => a.s.localeCompare(b.s))).toEqual(
    [...AT_HEAD].sort().map((s) => ({ s, v: "h1" })),
  );
  // no tenant has the table: no statement is executed, no rows
  expect((await admin.query(mariadbFleetHeadsSql([WITHOUT_TABLE], "athanor_version"))).rows).toEqual([]);
});

test("a fleet at head on MariaDB: the bulk read is one query, and every tenant at head is left untouched", async () => {
  const base = mysqlDialect({ url: TEST_MYSQL_URL });
  const sent: string[] = [];
  const dialect = Object.create(base, {
    connect: {
      value: async (): Promise<Connection> => {
        const conn = await base.connect();
        return {
          query: (sql, params) => {
            sent.push(sql);
            return conn.query(sql, params);
          },
          executeScript: (statements) => {
            sent.push(...statements);
            return conn.executeScript(statements);
          },
          close: () => conn.close(),
        };
      },
    },
  });
  const revisions = [defineRevision({ id: "h1", parents: [], upgrade: () => {}, downgrade: () => {} })];
  const fleet = await upgradeFleet({ revisions, targets: schemaTargets(dialect, AT_HEAD) });
  expect(fleet.counts).toEqual({ changed: 0, unchanged: 3, failed: 0, skipped: 0 });
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatch(/^BEGIN NOT ATOMIC/);
});
