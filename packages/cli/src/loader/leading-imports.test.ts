import { describe, expect, test } from "vitest";
import { leadingDrizzleImports } from "./leading-imports.js";

describe("leadingDrizzleImports: the drizzle-orm entry points a module's leading imports name", () => {
  test("value imports, in order and once, across comments, blank lines and multi-line bindings", () => {
    const code = [
      "// the models",
      '/* generated */ import { sql } from "drizzle-orm";',
      "",
      "import {",
      "  pgTable,",
      "  text,",
      "} from 'drizzle-orm/pg-core'",
      'import * as helpers from "./helpers";',
      'import "drizzle-orm/pg-core";',
      'export const t = pgTable("t", { a: text("a") });',
    ].join("\n");
    expect(leadingDrizzleImports(code)).toEqual(["drizzle-orm", "drizzle-orm/pg-core"]);
  });

  test("type-only imports and other packages are left out", () => {
    const code = [
      'import type { SQL } from "drizzle-orm";',
      'import type * as core from "drizzle-orm/mysql-core";',
      'import typeorm from "typeorm";',
      'import { integer } from "drizzle-orm-extra";',
      'import { sqliteTable } from "drizzle-orm/sqlite-core";',
    ].join("\n");
    expect(leadingDrizzleImports(code)).toEqual(["drizzle-orm/sqlite-core"]);
  });

  test("scanning stops at the first statement that is not an import", () => {
    const code = [
      'import { sql } from "drizzle-orm";',
      'const x = "import { pgTable } from \\"drizzle-orm/pg-core\\"";',
      'import { mysqlTable } from "drizzle-orm/mysql-core";',
    ].join("\n");
    expect(leadingDrizzleImports(code)).toEqual(["drizzle-orm"]);
    expect(leadingDrizzleImports('"use strict";\nimport { sql } from "drizzle-orm";')).toEqual([]);
    expect(leadingDrizzleImports('import x = require("drizzle-orm");')).toEqual([]);
    expect(leadingDrizzleImports('const m = import("drizzle-orm/pg-core");')).toEqual([]);
    expect(leadingDrizzleImports("")).toEqual([]);
  });

  test("a long module without imports is read in one pass (no backtracking blow-up)", () => {
    const code = `import {${" a,".repeat(200_000)}`;
    expect(leadingDrizzleImports(code)).toEqual([]);
  });
});
