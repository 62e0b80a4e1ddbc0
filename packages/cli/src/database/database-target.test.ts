import { describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../config/load-config.js";
import { databaseTargetOf, describeTarget } from "./database-target.js";

const config = (over: Partial<ResolvedConfig>): ResolvedConfig => ({
  file: "/repo/athanor.config.ts",
  root: "/repo",
  versions: "/repo/migrations/versions",
  versionTable: { name: "athanor_version" },
  ...over,
});

const pglite = { dialect: "postgresql", flavour: "pglite", dataDir: "/repo/.athanor/pglite" };

describe("databaseTargetOf", () => {
  it("uses embedded PGlite next to the config when PostgreSQL has no URL", async () => {
    expect(await databaseTargetOf(config({ dialect: "postgresql" }))).toEqual(pglite);
    expect(await databaseTargetOf(config({}))).toEqual(pglite);
  });

  it("uses the server when a URL is given, and infers MySQL from the scheme", async () => {
    expect(await databaseTargetOf(config({ url: "postgres://db/app" }))).toEqual({
      dialect: "postgresql",
      flavour: "postgresql",
      url: "postgres://db/app",
    });
    expect(await databaseTargetOf(config({ url: "mysql://root@db/app" }))).toEqual({
      dialect: "mysql",
      flavour: "mysql",
      url: "mysql://root@db/app",
    });
    expect((await databaseTargetOf(config({ dialect: "mysql", url: "mariadb://db/app" }))).dialect).toBe(
      "mysql",
    );
  });

  it("hands the config's section named after the dialect to it (MySQL's online-DDL clauses)", async () => {
    const target = await databaseTargetOf(config({ url: "mysql://db/app", mysql: { algorithm: "INPLACE" } }));
    expect(target.settings).toEqual({ algorithm: "INPLACE" });
  });

  it("refuses MySQL without a URL, naming the field", async () => {
    await expect(databaseTargetOf(config({ dialect: "mysql" }))).rejects.toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: expect.objectContaining({ field: "url" }),
    });
  });

  it("selects SQLite from a file: or sqlite: URL, with the file resolved against the config's folder", async () => {
    expect(await databaseTargetOf(config({ url: "file:./data/app.db" }))).toEqual({
      dialect: "sqlite",
      flavour: "sqlite",
      url: "/repo/data/app.db",
    });
    expect((await databaseTargetOf(config({ url: "sqlite:///srv/app.db" }))).url).toBe("/srv/app.db");
  });

  it("selects the SQLite driver from the config's sqlite section; a libsql:// URL (Turso) goes through @libsql/client as given", async () => {
    const withSection = (url: string, sqlite: Record<string, unknown>) =>
      ({ ...config({ url }), sqlite }) as ResolvedConfig;
    expect(await databaseTargetOf(withSection("file:./app.db", { driver: "libsql" }))).toEqual({
      dialect: "sqlite",
      flavour: "sqlite",
      url: "/repo/app.db",
      settings: { driver: "libsql" },
    });
    expect(await databaseTargetOf(config({ url: "libsql://db-me.turso.io?authToken=t0k" }))).toEqual({
      dialect: "sqlite",
      flavour: "sqlite",
      url: "libsql://db-me.turso.io?authToken=t0k",
      settings: { driver: "@libsql/client" },
    });
    await expect(databaseTargetOf(withSection("file:./app.db", { driver: "sqlite3" }))).rejects.toMatchObject(
      {
        code: "ATHANOR_CONFIG_INVALID",
        meta: { field: "sqlite.driver" },
      },
    );
    await expect(databaseTargetOf(withSection("file:./app.db", { driver: "d1-http" }))).rejects.toMatchObject(
      {
        code: "ATHANOR_UNSUPPORTED",
        message: expect.stringMatching(/not for the HTTP API's \/query endpoint.*Nothing was run\.$/),
        meta: { option: "sqlite.driver", value: "d1-http" },
      },
    );
    await expect(databaseTargetOf(withSection("file:./app.db", { driver: "d1" }))).rejects.toMatchObject({
      code: "ATHANOR_UNSUPPORTED",
      message: expect.stringMatching(/D1 has no URL; it is reached through a binding\..*d1Dialect/),
      meta: { option: "sqlite.driver", value: "d1" },
    });
    // @athanor/testing's throw-away D1 is not a database the CLI can open
    await expect(databaseTargetOf(config({ url: "d1::memory:" }))).rejects.toMatchObject({
      code: "ATHANOR_UNSUPPORTED",
      message: expect.stringMatching(
        /D1 has no URL; it is reached through a binding\..*Worker.*Nothing was run\.$/,
      ),
      meta: { option: "url", dialect: "sqlite" },
    });
    await expect(
      databaseTargetOf(withSection("libsql://db-me.turso.io", { driver: "better-sqlite3" })),
    ).rejects.toMatchObject({ code: "ATHANOR_CONFIG_INVALID", meta: { field: "sqlite.driver" } });
  });

  it("refuses a URL scheme no dialect registered instead of guessing one", async () => {
    await expect(databaseTargetOf(config({ url: "oracle://db/app" }))).rejects.toMatchObject({
      code: "ATHANOR_DIALECT_UNKNOWN",
      meta: { scheme: "oracle", field: "url" },
    });
  });

  it("refuses a dialect name nothing registered", async () => {
    await expect(
      databaseTargetOf(config({ dialect: "oracle" as ResolvedConfig["dialect"] })),
    ).rejects.toMatchObject({ code: "ATHANOR_DIALECT_UNKNOWN", meta: { dialect: "oracle" } });
  });
});

describe("describeTarget", () => {
  it("never shows a password", () => {
    const target = { dialect: "postgresql", flavour: "postgresql", url: "postgres://me:hunter2@db:6543/app" };
    expect(describeTarget(target, "PostgreSQL", (p) => p)).toBe("PostgreSQL at db:6543/app");
  });

  it("shows an embedded database's folder as the caller displays paths", () => {
    expect(describeTarget(pglite, "PGlite", (p) => p.replace("/repo/", ""))).toBe(
      "PGlite in .athanor/pglite",
    );
  });

  it("names a SQLite file as the caller displays paths, and an in-memory one as such", () => {
    const file = { dialect: "sqlite", flavour: "sqlite", url: "/repo/data/app.db" };
    expect(describeTarget(file, "SQLite", (p) => p.replace("/repo/", ""))).toBe("SQLite at data/app.db");
    const memory = { dialect: "sqlite", flavour: "sqlite", url: ":memory:" };
    expect(describeTarget(memory, "SQLite", (p) => p)).toBe("SQLite in memory");
  });

  it("never shows a libSQL server's token", () => {
    const remote = { dialect: "sqlite", flavour: "sqlite", url: "libsql://app-me.turso.io?authToken=secret" };
    expect(describeTarget(remote, "SQLite", (p) => p)).toBe("SQLite at app-me.turso.io");
  });
});
