import { canonicalizeSchemaModel, diffSchemas, settleCheckExpressions } from "@athanor/autogenerate";
import {
  introspectPostgres,
  postgresDifferHooks,
  postgresScratchArea,
  renderPostgres,
} from "@athanor/postgres";
import { sql } from "drizzle-orm";
import { check, integer, pgTable, varchar } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { applyStatements, kitPostgresStatements } from "./testing/drizzle-kit-oracle.js";
import { postgresTestDatabase } from "./testing/test-databases.js";

const plans = pgTable(
  "plans",
  { id: integer("id").primaryKey(), plan: varchar("plan", { length: 20 }).notNull() },
  (t) => [check("plans_plan_check", sql`${t.plan} in ('free', 'pro')`)],
);

// Issue 15: a check PostgreSQL prints differently each time it is given its own printing.
describe("check expressions settled through the server (PostgreSQL 15)", () => {
  let kit: Awaited<ReturnType<typeof postgresTestDatabase>>;
  let scratch: Awaited<ReturnType<typeof postgresTestDatabase>>;
  beforeAll(async () => {
    [kit, scratch] = await Promise.all([
      postgresTestDatabase("settle_kit"),
      postgresTestDatabase("settle_scratch"),
    ]);
  });
  afterAll(async () => {
    await Promise.all([kit?.dispose(), scratch?.dispose()]);
  });

  test("a database drizzle-kit created from the raw text and the settled models agree, and settling is a fixed point", async () => {
    await applyStatements(kit.connection, await kitPostgresStatements({ plans }));
    const options = {
      hooks: postgresDifferHooks,
      area: postgresScratchArea,
      scratch: scratch.connection,
      render: renderPostgres,
      introspect: (c: typeof scratch.connection, { schemas }: { readonly schemas: readonly string[] }) =>
        introspectPostgres(c, { schemas }),
    } as const;
    const desired = await canonicalizeSchemaModel(
      drizzleToSchemaModel(collectDrizzleSchema([{ plans }]), { dialect: "postgresql" }),
      options,
    );
    const rawLive = await introspectPostgres(kit.connection, { schemas: ["public"] });
    const live = await settleCheckExpressions(rawLive, options);
    expect(diffSchemas(desired, live, { hooks: postgresDifferHooks }).operations).toEqual([]);
    expect(await settleCheckExpressions(desired, options)).toEqual(desired);
    // Without settling, the first printing differs from the settled one: the drift of the issue.
    expect(rawLive.tables[0]?.checks[0]?.expression).not.toBe(live.tables[0]?.checks[0]?.expression);
  });
});
