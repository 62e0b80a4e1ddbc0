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

describe("databaseTargetOf", () => {
  it("uses embedded PGlite next to the config when PostgreSQL has no URL", () => {
    expect(databaseTargetOf(config({ dialect: "postgresql" }))).toEqual({
      kind: "pglite",
      dataDir: "/repo/.athanor/pglite",
    });
    expect(databaseTargetOf(config({}))).toEqual({ kind: "pglite", dataDir: "/repo/.athanor/pglite" });
  });

  it("uses the server when a URL is given, and infers MySQL from the scheme", () => {
    expect(databaseTargetOf(config({ url: "postgres://db/app" }))).toEqual({
      kind: "postgresql",
      url: "postgres://db/app",
    });
    expect(databaseTargetOf(config({ url: "mysql://root@db/app" }))).toEqual({
      kind: "mysql",
      url: "mysql://root@db/app",
    });
    expect(databaseTargetOf(config({ dialect: "mysql", url: "mariadb://db/app" })).kind).toBe("mysql");
  });

  it("refuses MySQL without a URL, naming the field", () => {
    expect(() => databaseTargetOf(config({ dialect: "mysql" }))).toThrow(
      expect.objectContaining({
        code: "ATHANOR_CONFIG_INVALID",
        meta: expect.objectContaining({ field: "url" }),
      }),
    );
  });
});

describe("describeTarget", () => {
  it("never shows a password", () => {
    const text = describeTarget({ kind: "postgresql", url: "postgres://me:hunter2@db:6543/app" }, (p) => p);
    expect(text).toBe("PostgreSQL at db:6543/app");
  });

  it("shows the PGlite folder as the caller displays paths", () => {
    expect(
      describeTarget({ kind: "pglite", dataDir: "/repo/.athanor/pglite" }, (p) => p.replace("/repo/", "")),
    ).toBe("PGlite in .athanor/pglite");
  });
});
