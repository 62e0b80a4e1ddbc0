import { canonicalizeSchemaModel } from "@athanor/autogenerate";
import type { Connection, SchemaModel } from "@athanor/core";
import { isAthanorError } from "@athanor/core";
import {
  createPglite,
  introspectPostgres,
  pgliteConnection,
  postgresDifferHooks,
  postgresScratchArea,
  renderPostgres,
} from "@athanor/postgres";
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { postgresTestDatabase, type TestDatabase } from "./testing/test-databases.js";

const read = (exports: Record<string, unknown>) =>
  drizzleToSchemaModel(collectDrizzleSchema([exports]), { dialect: "postgresql" });
const canonicalize = (model: SchemaModel, scratch: Connection) =>
  canonicalizeSchemaModel(model, {
    hooks: postgresDifferHooks,
    area: postgresScratchArea,
    scratch,
    render: renderPostgres,
    introspect: (conn, { schemas }) => introspectPostgres(conn, { schemas }),
  });

describe("canonicalizeSchemaModel on a PostgreSQL 15 scratch database", () => {
  let scratch: TestDatabase;
  beforeAll(async () => {
    scratch = await postgresTestDatabase("canon");
  });
  afterAll(async () => {
    await scratch?.dispose();
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the name quotes drizzle's sql`${}` syntax
  test("an inlined ${5} and a literal 5 read back identically, as PostgreSQL prints them", async () => {
    const withParam = pgTable("t", { a: integer("a"), b: text("b") }, (c) => [
      check("t_check", sql`${c.a} > ${5} and ${c.b} <> ${"x'y"}`),
    ]);
    const literal = pgTable("t", { a: integer("a"), b: text("b") }, (_c) => [
      check("t_check", sql`a>5 AND b<>'x''y'`),
    ]);
    const [one, two] = [
      await canonicalize(read({ withParam }), scratch.connection),
      await canonicalize(read({ literal }), scratch.connection),
    ];
    expect(one).toEqual(two);
    expect(one.tables[0]?.checks[0]?.expression).toBe("((a > 5) AND (b <> 'x''y'::text))");
  });

  test("types, defaults and index expressions take the server's spelling", async () => {
    const t = pgTable(
      "t",
      { at: timestamp("at", { precision: 3 }).defaultNow(), v: varchar("v", { length: 10 }).default("x") },
      (c) => [index("t_lower_idx").on(sql`lower(${c.v})`)],
    );
    const model = await canonicalize(read({ t }), scratch.connection);
    const table = model.tables[0];
    expect(table?.columns.map((c) => [c.type, c.default])).toEqual([
      ["timestamp(3) without time zone", "now()"],
      ["character varying(10)", "'x'::character varying"],
    ]);
    expect(table?.indexes[0]?.keys[0]).toMatchObject({ kind: "expression", expression: "lower(v::text)" });
  });

  test("invalid SQL in the model is a coded error and leaves the scratch database usable", async () => {
    const bad = pgTable("bad", { a: integer("a") }, (c) => [check("bad_check", sql`${c.a} >>> nonsense`)]);
    const error = await canonicalize(read({ bad }), scratch.connection).catch((e: unknown) => e);
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_CANONICALIZE_FAILED");
    const good = pgTable("good", { a: integer("a") });
    expect((await canonicalize(read({ good }), scratch.connection)).tables.map((t) => t.name)).toEqual([
      "good",
    ]);
  });

  // The time is PostgreSQL's own DDL work (psql needs longer for the same statements one by
  // one); the bound only catches a regression to one round trip per statement or table.
  test("1,000 tables × 15 columns with indexes and foreign keys in one script", async () => {
    const tables: Record<string, unknown> = {};
    let previous: ReturnType<typeof makeTable> | undefined;
    function makeTable(i: number, parent: ReturnType<typeof makeTable> | undefined) {
      const columns: Record<string, ReturnType<typeof integer> | ReturnType<typeof text>> = {
        id: integer("id").primaryKey(),
      };
      for (let c = 0; c < 12; c++)
        columns[`c${c}`] = c % 2 === 0 ? integer(`c${c}`).default(c) : text(`c${c}`).default(`v${c}`);
      columns.parent_id =
        parent === undefined ? integer("parent_id") : integer("parent_id").references(() => parent.id);
      columns.label = varchar("label", { length: 40 }).notNull();
      return pgTable(`t${i}`, columns as { id: ReturnType<typeof integer> }, (t) => [
        index(`t${i}_label_idx`).on(sql`lower(${(t as unknown as Record<string, never>).label})`),
      ]);
    }
    for (let i = 0; i < 1000; i++) {
      previous = makeTable(i, previous);
      tables[`t${i}`] = previous;
    }
    const started = performance.now();
    const model = await canonicalize(read(tables), scratch.connection);
    const seconds = (performance.now() - started) / 1000;
    expect(model.tables).toHaveLength(1000);
    expect(model.tables.every((t) => t.columns.length === 15 && t.indexes.length === 1)).toBe(true);
    expect(seconds).toBeLessThan(120);
  }, 180_000);
});

describe("canonicalizeSchemaModel on an in-memory PGlite", () => {
  test("works as a scratch with no server at all", async () => {
    const client = await createPglite(undefined);
    const conn = pgliteConnection(client, () => client.close());
    try {
      const t = pgTable("t", { a: integer("a").default(sql`${1} + ${2}`) });
      const model = await canonicalize(read({ t }), conn);
      expect(model.tables[0]?.columns[0]?.default).toBe("(1 + 2)");
    } finally {
      await conn.close();
    }
  });
});
