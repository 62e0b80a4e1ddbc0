import { type AthanorError, isAthanorError } from "@athanor/core";
import { int, mysqlTable } from "drizzle-orm/mysql-core";
import { index, integer, pgTable } from "drizzle-orm/pg-core";
import { integer as sqliteInteger, sqliteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { type DrizzleToSchemaModelOptions, drizzleToSchemaModel } from "./drizzle-to-schema-model.js";

// drizzle evaluates parts of the models lazily, when athanor reads them. What the user's code
// throws there is a defect of the models: the models' code naming the table, never ATHANOR_INTERNAL.
function readError(exports: Record<string, unknown>, options: DrizzleToSchemaModelOptions): AthanorError {
  try {
    drizzleToSchemaModel(collectDrizzleSchema([exports]), options);
  } catch (error) {
    if (isAthanorError(error)) return error;
    throw error;
  }
  throw new Error("the models were read without an error");
}

describe("user code drizzle runs while athanor reads the models", () => {
  test("an index on a column the table does not have (pg-core)", () => {
    // the callback reads a column the table does not have (a rename done in one place only)
    const broken = pgTable("broken", { id: integer("id") }, (t) => [
      index("broken_idx").on((t as unknown as { gone: { name: string } }).gone.name as never),
    ]);
    const error = readError({ broken }, { dialect: "postgresql" });
    expect(error.code).toBe("ATHANOR_SCHEMA_INVALID");
    expect(error.meta).toMatchObject({ table: "broken" });
    expect(error.message).toMatch(/table "broken".*extra config.*reading 'name'/);
  });

  test("a foreign key whose references(() => …) throws (pg-core, mysql-core, sqlite-core)", () => {
    const thrower = (): never => {
      throw new Error("teams is not defined yet");
    };
    const pg = pgTable("members", { teamId: integer("team_id").references(thrower) });
    const my = mysqlTable("members", { teamId: int("team_id").references(thrower) });
    const lite = sqliteTable("members", { teamId: sqliteInteger("team_id").references(thrower) });
    for (const [exports, options] of [
      [{ pg }, { dialect: "postgresql" }],
      [{ my }, { dialect: "mysql", database: "app" }],
      [{ lite }, { dialect: "sqlite" }],
    ] as const) {
      const error = readError(exports, options as DrizzleToSchemaModelOptions);
      expect(error.code).toBe("ATHANOR_SCHEMA_INVALID");
      expect(error.meta).toMatchObject({ table: "members" });
      expect(error.message).toMatch(/teams is not defined yet/);
    }
  });
});
