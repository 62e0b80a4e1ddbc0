import { type SQL, sql } from "drizzle-orm";
import { CasingCache } from "drizzle-orm/casing";
import { MySqlDialect, int as myInt, mysqlTable, text as myText } from "drizzle-orm/mysql-core";
import { integer, PgDialect, pgTable, text } from "drizzle-orm/pg-core";
import {
  SQLiteSyncDialect,
  integer as sqliteInteger,
  sqliteTable,
  text as sqliteText,
} from "drizzle-orm/sqlite-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DrizzleCasing,
  type DrizzleDialect,
  renderSqlFragment,
  sqlStringLiteral,
} from "./sql-fragment.js";

// renderSqlFragment renders a fragment of only text and columns itself, without drizzle's
// toQuery. These tests hold every fragment to what toQuery gives with the options
// renderSqlFragment always passed it (the reference below), the ones it renders itself and the
// ones it leaves to toQuery alike, on the three dialects and every casing.

const DIALECTS = {
  postgresql: new PgDialect(),
  mysql: new MySqlDialect(),
  sqlite: new SQLiteSyncDialect(),
} as const;

/** toQuery with the options renderSqlFragment passes it. */
function reference(fragment: SQL, dialect: DrizzleDialect, casing: DrizzleCasing | undefined): string {
  const d = DIALECTS[dialect];
  return fragment.toQuery({
    casing: new CasingCache(casing),
    escapeName: (name) => d.escapeName(name),
    escapeParam: (num) => d.escapeParam(num),
    escapeString: (value) => sqlStringLiteral(value, dialect),
    inlineParams: true,
    invokeSource: "indexes",
  }).sql;
}

/** A table of each family with a column named by its key, one named explicitly, one with a quote in its name. */
function tablesOf(weird: string) {
  return {
    postgresql: pgTable("t", { userEmail: text(), qty: integer("qty_n"), odd: text(weird) }),
    mysql: mysqlTable("t", { userEmail: myText(), qty: myInt("qty_n"), odd: myText(weird) }),
    sqlite: sqliteTable("t", {
      userEmail: sqliteText(),
      qty: sqliteInteger("qty_n"),
      odd: sqliteText(weird),
    }),
  };
}

const CASINGS = [undefined, "snake_case", "camelCase"] as const;

describe("renderSqlFragment", () => {
  it("renders every kind of fragment as toQuery does, on each dialect and casing", () => {
    for (const dialect of ["postgresql", "mysql", "sqlite"] as const) {
      const t = tablesOf('we"ir`d name')[dialect];
      const fragments: SQL[] = [
        sql`now()`,
        sql``,
        sql`lower(${t.userEmail})`,
        sql`${t.qty} >= 0`,
        sql`${t.odd} is null and ${t.userEmail} <> ''`,
        sql`${t.qty}`,
        sql.raw("coalesce(a, 1)"),
        sql`${5} + ${t.qty}`,
        sql`${t.userEmail} = ${"it's"}`,
        sql`${sql`lower(${t.userEmail})`} is not null`,
        sql`${sql.raw("x")} = 1`,
        sql`${sql.identifier("some_col")} > 0`,
        sql`${t}`,
        sql`in ${[1, 2]}`,
        sql`${null} is null`,
      ];
      for (const casing of CASINGS)
        for (const fragment of fragments)
          expect(renderSqlFragment(fragment, dialect, casing)).toBe(reference(fragment, dialect, casing));
    }
  });

  it("renders generated text-and-column fragments as toQuery does", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("postgresql", "mysql", "sqlite") as fc.Arbitrary<DrizzleDialect>,
        fc.constantFrom(...CASINGS),
        fc.string({ unit: "binary", maxLength: 8 }),
        fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("userEmail", "qty", "odd")), {
          maxLength: 8,
        }),
        (dialect, casing, weird, parts) => {
          const t = tablesOf(weird.length === 0 ? "w" : weird)[dialect] as unknown as Record<string, unknown>;
          const texts: string[] = [""];
          const columns: unknown[] = [];
          for (const part of parts) {
            if (part in t && ["userEmail", "qty", "odd"].includes(part)) {
              columns.push(t[part]);
              texts.push("");
            } else texts[texts.length - 1] += part;
          }
          const strings = Object.assign([...texts], { raw: [...texts] }) as unknown as TemplateStringsArray;
          const fragment = sql(strings, ...(columns as never[]));
          expect(renderSqlFragment(fragment, dialect, casing)).toBe(reference(fragment, dialect, casing));
        },
      ),
      { numRuns: 3_000, seed: 2126 },
    );
  });
});
