import { sql } from "drizzle-orm";
import { int, mysqlTable, timestamp, varchar } from "drizzle-orm/mysql-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mariadbCorpusBackend, type OwnedCorpusBackend } from "../testing/autogen-corpus/mariadb-backend.js";
import { MYSQL_PROPERTY_CASES } from "../testing/autogen-corpus/mysql-property-cases.js";
import { runCorpusCase } from "../testing/autogen-corpus/run-corpus-case.js";

// Every column property a mysql-core model can declare, on MariaDB 10.11: written by the
// upgrade, read back by the introspector, compared by `check`, and a change to it is a diff.
describe("mysql-core properties on MariaDB: written, introspected, compared, diffed", () => {
  let backend: OwnedCorpusBackend;

  beforeAll(async () => {
    backend = await mariadbCorpusBackend("props");
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  test.each(MYSQL_PROPERTY_CASES.map((c) => [c.property, c] as const))("%s", async (_name, c) => {
    const outcome = await runCorpusCase(backend, c);
    expect(outcome.upgrade.length, `a change is a diff\n${outcome.revision}`).toBeGreaterThan(0);
    const table = outcome.liveAfterUpgrade.tables.find((x) => x.name === "t");
    expect(table, "the table exists").toBeDefined();
    const value = c.read(table as NonNullable<typeof table>);
    if (c.expected instanceof RegExp) expect(String(value)).toMatch(c.expected);
    else expect(value).toEqual(c.expected);
    expect(outcome.afterUpgrade, `check after the upgrade\n${outcome.revision}`).toEqual([]);
    expect(outcome.downgradeError, outcome.revision).toBeUndefined();
    expect(outcome.afterDowngrade, `check after the downgrade\n${outcome.revision}`).toEqual([]);
  });

  test("the reproduction of issue 15: ON UPDATE, VIRTUAL and NO ACTION reach the server", async () => {
    const p = mysqlTable("p", { id: int("id").primaryKey() });
    const t = mysqlTable("t", {
      id: int("id").primaryKey(),
      pId: int("p_id").references(() => p.id),
      first: varchar("first", { length: 20 }).notNull(),
      full: varchar("full", { length: 40 }).generatedAlwaysAs(sql`concat(first, '!')`, { mode: "virtual" }),
      updatedAt: timestamp("updated_at").notNull().defaultNow().onUpdateNow(),
    });
    await backend.reset();
    const outcome = await runCorpusCase(backend, {
      name: "repro",
      before: () => ({}),
      after: () => ({ p, t }),
    });
    expect(outcome.afterUpgrade).toEqual([]);
    await backend.live.executeScript(outcome.upgrade.flatMap((op) => [...backend.render(op)]));
    const { rows } = await backend.live.query<Record<string, string>>("SHOW CREATE TABLE t");
    const ddl = Object.values(rows[0] ?? {})[1] ?? "";
    expect(ddl).toMatch(/`full` varchar\(40\) GENERATED ALWAYS AS \(concat\(`first`,'!'\)\) VIRTUAL/);
    expect(ddl).toMatch(
      /`updated_at` timestamp NOT NULL DEFAULT current_timestamp\(\) ON UPDATE current_timestamp\(\)/,
    );
    expect(ddl).toMatch(/REFERENCES `p` \(`id`\) ON DELETE NO ACTION ON UPDATE NO ACTION/);
  });
});
