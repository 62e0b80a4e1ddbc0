import { canonicalizeSchemaModel } from "@athanor/autogenerate";
import type { Connection, SchemaModel } from "@athanor/core";
import { diffSchemaModels, formatSchemaDifferences } from "@athanor/core";
import {
  createPglite,
  introspectPostgres,
  pgliteConnection,
  postgresDifferHooks,
  postgresScratchArea,
  renderPostgres,
} from "@athanor/postgres";
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, serial, text, varchar } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { probeFallbackReason } from "../../autogenerate/src/canonicalize-probe-eligibility.js";
import { planProbe } from "../../autogenerate/src/canonicalize-probe-plan.js";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import * as rich from "./testing/rich-pg-schema.js";
import { postgresTestDatabase, type TestDatabase } from "./testing/test-databases.js";

const read = (exports: Record<string, unknown>) =>
  drizzleToSchemaModel(collectDrizzleSchema([exports]), { dialect: "postgresql" });
const canonicalize = (model: SchemaModel, scratch: Connection, strategy: "probe" | "full") =>
  canonicalizeSchemaModel(model, {
    hooks: postgresDifferHooks,
    area: postgresScratchArea,
    scratch,
    render: renderPostgres,
    introspect: (conn, { schemas }) => introspectPostgres(conn, { schemas }),
    strategy,
  });

/** Tables of one shape (check, expression index, serial) repeated: one skeleton serves them all. */
function repeated(n: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++)
    out[`r${i}`] = pgTable(
      `r${i}`,
      {
        id: serial("id").primaryKey(),
        email: varchar("email", { length: 80 }).notNull().default("x"),
        q: integer("q"),
      },
      (t) => [check(`r${i}_q_check`, sql`${t.q} >= 0`), index(`r${i}_email_idx`).on(sql`lower(${t.email})`)],
    );
  return out;
}

function expectSame(full: SchemaModel, probe: SchemaModel): void {
  expect(formatSchemaDifferences(diffSchemaModels(full, probe))).toBe("");
  expect(probe).toEqual(full);
}

describe("probe canonicalisation equals full materialisation", () => {
  let scratch: TestDatabase;
  beforeAll(async () => {
    scratch = await postgresTestDatabase("probe");
  });
  afterAll(async () => scratch?.dispose());

  test("the rich schema (enums, schemas, sequences, serial, identity, generated, every index kind) on PostgreSQL 15", async () => {
    const model = read(rich);
    expect(probeFallbackReason(model)).toBeNull();
    expectSame(
      await canonicalize(model, scratch.connection, "full"),
      await canonicalize(model, scratch.connection, "probe"),
    );
  });

  test("repeated table shapes share probe columns and one skeleton", async () => {
    const model = read(repeated(50));
    const plan = planProbe(model, "athanor_probe", postgresDifferHooks);
    expect(plan.skeletonOf.size).toBe(50);
    expect(new Set(plan.skeletonOf.values()).size).toBe(1);
    // check + non-unique expression index: the skeleton is a storage-less partitioned table
    expect([...plan.partitionKeys.values()]).toEqual(["athanor_part"]);
    // one probe column per distinct (type, default): 50 serial defaults, one email, one q
    expect(plan.columnSlots.size).toBe(52);
    expectSame(
      await canonicalize(model, scratch.connection, "full"),
      await canonicalize(model, scratch.connection, "probe"),
    );
  });

  test("a model the probes cannot vouch for goes the full way, and the database names its error", async () => {
    const a = pgTable("a", { id: integer("id").primaryKey(), code: text("code") });
    const b = pgTable("b", { code: text("code").references(() => a.code) });
    const model = read({ a, b });
    expect(probeFallbackReason(model)).toMatch(
      /foreign key b_code_a_code_fk of public\.b does not reference a unique key/,
    );
    const error = await canonicalize(model, scratch.connection, "probe").catch((e: unknown) => e);
    expect(String(error)).toMatch(/no unique constraint matching given keys/);
  });
});

describe("probeFallbackReason", () => {
  test("names what only the database would catch: an over-long name, a reused index name, a key over a missing column", () => {
    const long = "x".repeat(64);
    expect(probeFallbackReason(read({ t: pgTable(long, { a: integer("a") }) }))).toBe(
      `the name ${long} is longer than PostgreSQL's 63 bytes`,
    );
    const a = pgTable("a", { v: text("v") }, (t) => [index("same_idx").on(t.v)]);
    const b = pgTable("b", { v: text("v") }, (t) => [index("same_idx").on(t.v)]);
    expect(probeFallbackReason(read({ a, b }))).toBe(
      "the name public.same_idx is used by two tables, sequences or indexes",
    );
    const model = read({ a });
    const broken = {
      ...model,
      tables: model.tables.map((t) => ({ ...t, primaryKey: { name: "a_pkey", columns: ["nope"] } })),
    };
    expect(probeFallbackReason(broken)).toBe("public.a uses column nope, which it does not have");
    expect(probeFallbackReason(read(rich))).toBeNull();
  });
});

describe("probe canonicalisation on an in-memory PGlite", () => {
  test("equals full materialisation for the rich schema", async () => {
    const client = await createPglite(undefined);
    const conn = pgliteConnection(client, () => client.close());
    try {
      const model = read(rich);
      expectSame(await canonicalize(model, conn, "full"), await canonicalize(model, conn, "probe"));
    } finally {
      await conn.close();
    }
  });
});
