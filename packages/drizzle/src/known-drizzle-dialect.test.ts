import { isAthanorError } from "@athanor/core";
import { int as mysqlInt, mysqlTable } from "drizzle-orm/mysql-core";
import { describe, expect, test } from "vitest";
import { collectDrizzleSchema } from "./collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "./drizzle-to-schema-model.js";
import { knownDrizzleDialect } from "./known-drizzle-dialect.js";

const unknown = "mssql" as "mysql";
const codeOf = (body: () => unknown): string | undefined => {
  try {
    body();
  } catch (error) {
    return isAthanorError(error) ? error.code : "not coded";
  }
  return undefined;
};

describe("a dialect the Drizzle reader does not know", () => {
  test("is refused, not read as MySQL", () => {
    const collected = collectDrizzleSchema([{ t: mysqlTable("t", { id: mysqlInt("id") }) }]);
    expect(codeOf(() => drizzleToSchemaModel(collected, { dialect: unknown, database: "app" }))).toBe(
      "ATHANOR_DIALECT_UNKNOWN",
    );
    expect(codeOf(() => knownDrizzleDialect("constructor"))).toBe("ATHANOR_DIALECT_UNKNOWN");
  });

  test("the known ones pass through", () => {
    expect(knownDrizzleDialect("postgresql")).toBe("postgresql");
    expect(knownDrizzleDialect("mysql")).toBe("mysql");
    expect(knownDrizzleDialect("sqlite")).toBe("sqlite");
  });
});
