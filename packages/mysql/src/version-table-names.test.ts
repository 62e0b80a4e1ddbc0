import { versionTableCompanionNames } from "@athanor/core/dialect";
import { describe, expect, test } from "vitest";
import { mysqlDialectModule } from "./dialect-module.js";
import { galeraLockTable } from "./galera/galera-lock-table.js";
import { mysqlDialect } from "./mysql-dialect.js";
import { mysqlSessionModule } from "./session.js";

describe("MySQL's names of athanor's own tables", () => {
  test("the module, the session module and the runner dialect declare one limit, 64 characters, and Galera's lock table", () => {
    const names = mysqlDialectModule.bookkeepingNames;
    expect(names).toMatchObject({
      identifierLimit: { maxLength: 64, unit: "characters" },
      companionSuffixes: ["_lock"],
    });
    expect(mysqlSessionModule.bookkeepingNames).toBe(names);
    const dialect = mysqlDialect({ url: "mysql://root@127.0.0.1:1/none" });
    expect(dialect.bookkeepingSql.identifierLimit).toBe(names?.identifierLimit);
  });

  test("the Galera lock table is the name the list declares, so the check and introspection know it", () => {
    const lock = galeraLockTable("athanor:.v").name;
    expect(versionTableCompanionNames("v", mysqlDialectModule.bookkeepingNames?.companionSuffixes)).toContain(
      lock,
    );
  });
});
