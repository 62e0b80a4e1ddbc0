import { defineRevision, isAthanorError } from "@athanor/core";
import { int as myInt, mysqlTable } from "drizzle-orm/mysql-core";
import { integer as pgInteger, pgTable } from "drizzle-orm/pg-core";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { describeMigrations } from "./describe-migrations.js";
import { withModelsDefault } from "./models-default-database.js";
import { TEST_DATABASE_URL_VARIABLE } from "./test-database.js";

// A SQLite project's history: AUTOINCREMENT is a syntax error on PostgreSQL, so these checks
// pass only when the sqlite-core models made the default database a SQLite one (the default
// was PGlite whatever the models were: every check failed with `syntax error at or near`).
const notes = sqliteTable("notes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  body: text("body").notNull(),
});
const HISTORY = [
  defineRevision({
    id: "n1",
    parents: [],
    message: "notes",
    upgrade(op) {
      op.execute("CREATE TABLE notes (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, body text NOT NULL)");
    },
    downgrade(op) {
      op.execute("DROP TABLE notes");
    },
  }),
];

// nothing names a database here: the models must
vi.stubEnv(TEST_DATABASE_URL_VARIABLE, "");

describeMigrations(
  { revisions: HISTORY, desired: { drizzleModules: [{ notes }] } },
  { name: "a SQLite history with sqlite-core models and no URL" },
);

describe("withModelsDefault", () => {
  beforeEach(() => vi.stubEnv(TEST_DATABASE_URL_VARIABLE, ""));
  afterEach(() => vi.stubEnv(TEST_DATABASE_URL_VARIABLE, ""));

  it("gives sqlite-core models a SQLite in memory", async () => {
    expect(await withModelsDefault({ prefix: "p" }, { drizzleModules: [{ notes }] })).toEqual({
      prefix: "p",
      url: "sqlite::memory:",
    });
  });

  it("keeps PGlite for pg-core models, a plain model or no models", async () => {
    const users = pgTable("users", { id: pgInteger("id").primaryKey() });
    expect(await withModelsDefault({}, { drizzleModules: [{ users }] })).toEqual({});
    expect(await withModelsDefault({}, undefined)).toEqual({});
  });

  it("asks for a server URL for mysql-core models (MySQL has no in-memory engine)", async () => {
    const users = mysqlTable("users", { id: myInt("id").primaryKey() });
    const error = await withModelsDefault({}, { drizzleModules: [{ users }] }).catch((e: unknown) => e);
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_CONFIG_INVALID");
    expect((error as Error).message).toContain(`${TEST_DATABASE_URL_VARIABLE}=mysql://`);
  });

  it("never overrides a URL the user gave, in the options or the environment", async () => {
    const sqliteModels = { drizzleModules: [{ notes }] };
    expect(await withModelsDefault({ url: "pglite" }, sqliteModels)).toEqual({ url: "pglite" });
    vi.stubEnv(TEST_DATABASE_URL_VARIABLE, "postgres://postgres@127.0.0.1:5432/postgres");
    expect(await withModelsDefault({}, sqliteModels)).toEqual({});
  });
});
