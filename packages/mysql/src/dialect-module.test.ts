import { operations } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { mysqlDialectModule as mysql } from "./dialect-module.js";

// The module's pure decisions; connecting ones run in the CLI's and testing's MariaDB suites.
describe("mysqlDialectModule", () => {
  it("serves mysql:// and mariadb:// as one dialect whose targets need a URL", () => {
    expect(mysql.urlSchemes).toEqual(["mysql", "mariadb"]);
    expect(
      mysql.target({ url: "mariadb://db/app", file: "c.ts", root: "/r", settings: { lock: "NONE" } }),
    ).toEqual({
      dialect: "mysql",
      flavour: "mysql",
      url: "mariadb://db/app",
      settings: { lock: "NONE" },
    });
    expect(() => mysql.target({ url: undefined, file: "c.ts", root: "/r" })).toThrow(
      expect.objectContaining({
        code: "ATHANOR_CONFIG_INVALID",
        meta: expect.objectContaining({ field: "url" }),
      }),
    );
  });

  it("names a target before connecting by what says which server it is, else MySQL/MariaDB", () => {
    const target = (url: string, settings?: Record<string, unknown>) =>
      ({ dialect: "mysql", flavour: "mysql", url, ...(settings === undefined ? {} : { settings }) }) as const;
    const named = (url: string, settings?: Record<string, unknown>) => [
      mysql.label("mysql", target(url, settings)),
      mysql.open(target(url, settings)).dialect.serverLabel,
    ];
    expect(named("mysql://db/app")).toEqual(["MySQL/MariaDB", "MySQL/MariaDB"]);
    expect(named("mariadb://db/app")).toEqual(["MariaDB", "MariaDB"]);
    expect(named("mysql://db/app", { serverVersion: "8.0.36" })).toEqual(["MySQL", "MySQL"]);
    expect(named("mysql://db/app", { serverVersion: "10.11.6-MariaDB" })).toEqual(["MariaDB", "MariaDB"]);
  });

  it("refuses to connect to a URL that names no database, before any lock is taken", async () => {
    const { dialect } = mysql.open({
      dialect: "mysql",
      flavour: "mysql",
      url: "mysql://root:secret@db:3306",
    });
    await expect(dialect.connect()).rejects.toMatchObject({
      code: "ATHANOR_CONNECTION_FAILED",
      meta: { url: "mysql://root:***@db:3306" },
    });
  });

  it("renders for MariaDB before connecting when the URL says mariadb://, as lint judges it", () => {
    const table = operations.createTable("t", {
      columns: [{ name: "n", type: "int" }],
      checks: [{ name: "n_positive", expression: "n > 0" }],
    });
    const open = (url: string) => mysql.open({ dialect: "mysql", flavour: "mysql", url }).dialect;
    expect(open("mariadb://root@db:3306/app").render(table).join("\n")).toContain("CHECK (n > 0)");
    // mysql:// keeps the documented offline default, MySQL 8.0 (CHECK enforced from 8.0.16 only)
    expect(() => open("mysql://root@db:3306/app").render(table)).toThrow(/before 8\.0\.16/);
    // offline the server may be MariaDB behind a mysql:// URL: the refusal names both ways out
    expect(() => open("mysql://root@db:3306/app").render(table)).toThrow(
      /if the server is MariaDB, use a mariadb:\/\/ URL; if it is MySQL 8\.0\.16 or later/,
    );
    expect(() => open("mysql://root@db:3306/app").render(table)).not.toThrow(/Upgrade the server/);
  });

  it("renders offline for the server version the config names (mysql.serverVersion)", () => {
    const table = operations.createTable("t", {
      columns: [{ name: "n", type: "int" }],
      checks: [{ name: "n_positive", expression: "n > 0" }],
    });
    const open = (url: string, serverVersion: string) =>
      mysql.open({ dialect: "mysql", flavour: "mysql", url, settings: { serverVersion } }).dialect;
    expect(open("mysql://root@db:3306/app", "8.0.36").render(table).join("\n")).toContain("CHECK (n > 0)");
    expect(open("mysql://root@db:3306/app", "8.0.36").server).toEqual({
      flavor: "mysql",
      version: [8, 0, 36],
    });
    expect(open("mysql://root@db:3306/app", "10.11.6-MariaDB").server).toEqual({
      flavor: "mariadb",
      version: [10, 11, 6],
    });
    // a mariadb:// URL is MariaDB whatever the version text says
    expect(open("mariadb://root@db:3306/app", "11.4.2").server).toEqual({
      flavor: "mariadb",
      version: [11, 4, 2],
    });
    // a named version older than 8.0.16 is what the server is: the refusal says so
    expect(() => open("mysql://root@db:3306/app", "8.0.15").render(table)).toThrow(/Upgrade the server/);
  });

  it("lints as MariaDB when the URL or the server version says so", () => {
    expect(mysql.lintFlavour("mysql://db/app", undefined)).toBe("mysql");
    expect(mysql.lintFlavour("mariadb://db/app", undefined)).toBe("mariadb");
    expect(mysql.lintFlavour("mysql://db/app", "10.11.6-MariaDB")).toBe("mariadb");
  });

  it("stages a type change InnoDB can only copy, and not one it does in place", async () => {
    const hooks = await mysql.stageHooks(undefined as never, "mysql");
    expect(hooks.serverVersion).toBeUndefined();
    expect(hooks.rewritesTable("int", "bigint")).toBe(true);
    expect(hooks.rewritesTable("varchar(20)", "varchar(40)")).toBe(false);
  });

  it("quotes the scratch database's name and names its table without a schema", () => {
    expect(mysql.scratch.createDatabase("a`b")).toEqual(["CREATE DATABASE `a``b`"]);
    expect(mysql.scratch.dropDatabase("x")).toEqual(["DROP DATABASE IF EXISTS `x`"]);
    expect(mysql.qualifiedTable({ schema: "ignored", name: "__drizzle_migrations" })).toBe(
      "`__drizzle_migrations`",
    );
  });
});
