import { describe, expect, it } from "vitest";
import { splitDefaultAndNamespaceImports } from "./transpile.js";

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
