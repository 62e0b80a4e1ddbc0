import { canonicalizeSchemaModel } from "@athanor/autogenerate";
import { diffSchemaModels, formatSchemaDifferences, type SchemaModel } from "@athanor/core";
import {
  introspectPostgres,
  postgresDifferHooks,
  postgresScratchArea,
  renderPostgres,
} from "@athanor/postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditModelProperties } from "./audit/index.js";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { applyStatements, kitPostgresStatements } from "./testing/drizzle-kit-oracle.js";
import * as schema from "./testing/rich-pg-schema.js";
import { postgresTestDatabase, type TestDatabase } from "./testing/test-databases.js";

// The zero-diff test: the rich schema created by drizzle-kit's own SQL, introspected, must equal
// our reading of the same models after canonicalisation through a scratch database.
describe("pg-core schema vs drizzle-kit on PostgreSQL 15", () => {
  let live: TestDatabase;
  let scratch: TestDatabase;
  let liveModel: SchemaModel;
  let canonical: SchemaModel;
  let desired: SchemaModel;

  beforeAll(async () => {
    [live, scratch] = await Promise.all([postgresTestDatabase("kit"), postgresTestDatabase("scratch")]);
    await applyStatements(live.connection, await kitPostgresStatements(schema));
    desired = drizzleToSchemaModel(collectDrizzleSchema([schema]), { dialect: "postgresql" });
    canonical = await canonicalizeSchemaModel(desired, {
      hooks: postgresDifferHooks,
      area: postgresScratchArea,
      scratch: scratch.connection,
      render: renderPostgres,
      introspect: (conn, { schemas }) => introspectPostgres(conn, { schemas }),
    });
    liveModel = await introspectPostgres(live.connection, { schemas: canonical.schemas });
  });
  afterAll(async () => {
    await Promise.all([live?.dispose(), scratch?.dispose()]);
  });

  test("the property self-check lists only the build hint the schema sets", () => {
    expect(
      auditModelProperties(collectDrizzleSchema([schema]), desired, canonical).map((w) => [
        w.index,
        w.property,
      ]),
    ).toEqual([["users_handle_hash_idx", "concurrently"]]);
  });

  test("shows no difference", () => {
    const differences = diffSchemaModels(liveModel, canonical);
    expect(formatSchemaDifferences(differences)).toBe("");
  });

  test("covers the schema: every table, enum and sequence is there", () => {
    expect(canonical.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([
      "app.accounts",
      "public.memberships",
      "public.users",
    ]);
    expect(canonical.enums.map((e) => e.name)).toEqual(["level", "mood"]);
    expect(canonical.sequences.map((s) => s.name)).toEqual([
      "app_counter",
      "counter",
      "memberships_seq_seq",
      "users_id_seq",
    ]);
    const users = canonical.tables.find((t) => t.name === "users");
    expect(users?.indexes.map((i) => i.name)).toEqual([
      "users_age_index",
      "users_created_idx",
      "users_handle_hash_idx",
      "users_lower_email_idx",
      "users_name_pattern_idx",
      "users_tags_idx",
    ]);
    expect(users?.indexes.find((i) => i.name === "users_tags_idx")?.with).toEqual([
      expect.stringMatching(/^fastupdate=/),
    ]);
    expect(users?.checks.map((c) => c.expression)).toEqual([
      "((age >= 0) AND (age < 150))",
      "(name <> 'bad '' name'::text)",
    ]);
  });

  test("leaves the scratch database empty, so it can be reused", async () => {
    const after = await introspectPostgres(scratch.connection);
    expect(after.tables).toEqual([]);
    expect(after.enums).toEqual([]);
  });
});
