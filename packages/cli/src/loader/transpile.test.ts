import { describe, expect, it } from "vitest";
import {
  drizzleEntryPoints,
  drizzleImports,
  splitDefaultAndNamespaceImports,
  transpileModule,
  transpileModuleAsync,
  transpileWithImports,
} from "./transpile.js";

describe("splitDefaultAndNamespaceImports", () => {
  it("splits `import d, * as ns` into two imports on the lines the statement took", () => {
    expect(splitDefaultAndNamespaceImports('import d, * as ns from "m";\nuse(d, ns);')).toBe(
      'import d from "m"; import * as ns from "m";;\nuse(d, ns);',
    );
    const multiline = 'import d,\n  * as ns\n  from "m"\nuse(d, ns);';
    const split = splitDefaultAndNamespaceImports(multiline);
    expect(split).toBe('import d from "m"; import * as ns from "m";\n\n\nuse(d, ns);');
    expect(split.split("\n")).toHaveLength(multiline.split("\n").length);
  });

  it("leaves the same text in strings, comments and templates alone, and a file without it unlexed", () => {
    const code =
      'const s = "import q, * as r from \\"z\\"";\n// import a, * as b from "c"\nconst t = `import a, * as b from "c"`;\n';
    expect(splitDefaultAndNamespaceImports(code)).toBe(code);
    const plain = 'import { a } from "m";\nimport * as ns from "m";\nimport d from "m";\n';
    expect(splitDefaultAndNamespaceImports(plain)).toBe(plain);
  });

  it("keeps unicode names and other imports as they are", () => {
    expect(
      splitDefaultAndNamespaceImports(
        "import { x } from \"a\";\nimport ünï, * as $ns from 'b';\nexport { x };",
      ),
    ).toBe("import { x } from \"a\";\nimport ünï from 'b'; import * as $ns from 'b';;\nexport { x };");
  });
});

describe("transpileModuleAsync", () => {
  const sources = [
    'import d, * as ns from "m";\nexport const x: number = d(ns) as number;\nexport default function f(p: { a: string }): void {}\n',
    'import { sqliteTable, text } from "drizzle-orm/sqlite-core";\ntype T = { a: 1 };\nexport const t = sqliteTable("t", { a: text("a") });\nexport * from "./other";\n',
    "const c = <T,>(x: T) => x;\nexport { c as renamed };\nconsole.log(import.meta.url, await import('z'));\n",
  ];

  it("gives the code the calling thread's transpile gives", async () => {
    for (const source of sources) {
      expect(await transpileModuleAsync("/p/m.ts", source)).toBe(transpileModule("/p/m.ts", source));
    }
    const tsx = "export const e = <div a={1}>{'x'}</div>;\n";
    expect(await transpileModuleAsync("/p/m.tsx", tsx)).toBe(transpileModule("/p/m.tsx", tsx));
  });

  it("rejects what does not compile with the same SyntaxError", async () => {
    const broken = "export const x: = 1;\n";
    let expected: unknown;
    try {
      transpileModule("/p/broken.ts", broken);
    } catch (error) {
      expected = error;
    }
    expect(expected).toBeInstanceOf(SyntaxError);
    await expect(transpileModuleAsync("/p/broken.ts", broken)).rejects.toThrow(
      new SyntaxError((expected as SyntaxError).message),
    );
  });
});

describe("drizzleImports", () => {
  it("lists drizzle-orm's entry points imported for their values, in order, and nothing else", () => {
    const code = [
      'import { sql } from "drizzle-orm";',
      'import type { SQL } from "drizzle-orm/sql";',
      'import { pgTable, type PgColumn } from "drizzle-orm/pg-core";',
      'import { helper } from "./helper.ts";',
      'import x from "drizzle-orm-extra";',
      'export type { AnyColumn } from "drizzle-orm/column";',
      'export * from "drizzle-orm/pg-core/columns";',
      'const lazy = await import("drizzle-orm/mysql-core");',
      'const s = "import { a } from \\"drizzle-orm/sqlite-core\\"";',
    ].join("\n");
    expect(drizzleImports(code)).toEqual([
      "drizzle-orm",
      "drizzle-orm/pg-core",
      "drizzle-orm/pg-core/columns",
    ]);
  });

  it("is empty for text the lexer cannot read", () => {
    expect(drizzleImports('import { a } from "drizzle-orm";\nconst x = `unterminated')).toEqual([]);
  });
});

describe("transpileWithImports", () => {
  it("gives transpileModuleAsync's code and the imports the stripped module still makes", async () => {
    const source = [
      'import { sql } from "drizzle-orm";',
      'import type { SQL } from "drizzle-orm/sql";',
      'import { pgTable, integer, type PgColumn } from "drizzle-orm/pg-core";',
      'import { OnlyAType } from "drizzle-orm/mysql-core";',
      'import "./side-effect.ts";',
      'export * from "drizzle-orm/pg-core/columns";',
      "let typed: OnlyAType | undefined;",
      'export const t = pgTable("t", { id: integer("id") });',
      "export const raw = sql`1`;",
      'export const lazy = () => import("drizzle-orm/sqlite-core");',
    ].join("\n");
    const transpiled = await transpileWithImports("/p/schema.ts", source);
    expect(transpiled.code).toBe(await transpileModuleAsync("/p/schema.ts", source));
    // a type-only import, and one whose binding is only a type, load nothing; dynamic imports are not static
    expect([...transpiled.imports].sort()).toEqual(
      ["./side-effect.ts", "drizzle-orm", "drizzle-orm/pg-core", "drizzle-orm/pg-core/columns"].sort(),
    );
    expect(drizzleEntryPoints(transpiled.imports).sort()).toEqual(
      ["drizzle-orm", "drizzle-orm/pg-core", "drizzle-orm/pg-core/columns"].sort(),
    );
  });
});
