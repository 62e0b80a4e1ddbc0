import { describe, expect, it } from "vitest";
import { postgresDialectModule as pg } from "./dialect-module.js";
import { postgresDifferHooks } from "./differ-hooks.js";

// The module's pure decisions; connecting ones run in the CLI's and testing's suites.
describe("postgresDialectModule", () => {
  it("is the embedded database without a URL and the server with one", () => {
    expect(pg.target({ url: undefined, file: "/r/athanor.config.ts", root: "/r" })).toEqual({
      dialect: "postgresql",
      flavour: "pglite",
      dataDir: "/r/.athanor/pglite",
    });
    expect(pg.target({ url: "postgres://db/app", file: "c.ts", root: "/r" })).toEqual({
      dialect: "postgresql",
      flavour: "postgresql",
      url: "postgres://db/app",
    });
    expect([pg.label("pglite"), pg.label("postgresql")]).toEqual(["PGlite", "PostgreSQL"]);
  });

  it("gives PGlite the PostgreSQL lint rules and differ hooks", async () => {
    expect(pg.lintFlavour(undefined, undefined)).toBe("postgresql");
    const rules = await pg.lintRules({ name: "pglite" });
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((rule) => rule.id.startsWith("pg/"))).toBe(true);
    expect(pg.differHooks("pglite")).toBe(postgresDifferHooks);
    expect(pg.differHooks("postgresql")).toBe(postgresDifferHooks);
  });

  it("drops scratch databases with FORCE and names tables with their schema, quoted", () => {
    expect(pg.scratch.dropDatabase('a"b')).toEqual(['DROP DATABASE IF EXISTS "a""b" WITH (FORCE)']);
    expect(pg.scratch.databaseUrl("postgres://me:pw@db:5432/app?sslmode=disable", "s")).toBe(
      "postgres://me:pw@db:5432/s?sslmode=disable",
    );
    expect(pg.qualifiedTable({ schema: "drizzle", name: "__drizzle_migrations" })).toBe(
      '"drizzle"."__drizzle_migrations"',
    );
  });
});
