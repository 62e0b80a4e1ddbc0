import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { isAthanorError } from "../errors.js";
import type { RevisionImporter } from "../revision/load-revision-module.js";
import { upgrade } from "./migrate.js";
import { useTestDatabase } from "./testing/fresh-database.js";
import { freshPglite } from "./testing/pglite-from-snapshot.js";

// The placeholder check refuses a plan before anything of it runs: every step's module is
// imported up front, so a placeholder (wherever its function's text comes from) or a module that
// does not load refuses the whole plan with nothing applied, as Alembic refuses a run when a
// revision script does not import.

const STUB = '"UPDATE t_r0 SET id = /* TODO(athanor): expression */ NULL"';

const t = useTestDatabase({ beforeAll, beforeEach }, freshPglite);

interface Folder {
  readonly versions: string;
  /** `import <id>` and every statement sent, in order. */
  readonly events: string[];
  readonly importer: RevisionImporter;
  /** Writes revision `r<n>` (parent `r<n-1>`); `upgrade` is the property's source text. */
  write(n: number, upgrade: string, header?: string): void;
}

function folder(): Folder {
  const root = mkdtempSync(join(tmpdir(), "athanor-placeholders-"));
  const versions = join(root, "versions");
  mkdirSync(versions);
  const events: string[] = [];
  return {
    versions,
    events,
    importer: (file, expected) => {
      events.push(
        `import ${file.slice(file.lastIndexOf("/") + 1, file.indexOf("_", file.lastIndexOf("/")))}`,
      );
      return import(`${pathToFileURL(file).href}?${expected?.checksum ?? ""}`);
    },
    write(n, up, header = "const defineRevision = (definition) => definition;") {
      const text = [
        header,
        "export default defineRevision({",
        `  id: "r${n}",`,
        `  parents: ${n === 0 ? "[]" : `["r${n - 1}"]`},`,
        `  ${up},`,
        `  downgrade(op) { op.execute("DROP TABLE t_r${n}"); },`,
        "});",
        "",
      ].join("\n");
      writeFileSync(join(versions, `r${n}_rev.mjs`), text);
    },
  };
}

const plain = (n: number) => `upgrade(op) { op.execute("CREATE TABLE t_r${n} (id int)"); }`;

async function run(f: Folder) {
  return upgrade({ dialect: t.dialect, revisions: f.versions, importer: f.importer }, "heads", {
    onStatement: (sql) => f.events.push(sql),
  });
}

async function refusal(f: Folder): Promise<unknown> {
  return run(f).then(
    () => undefined,
    (error: unknown) => error,
  );
}

const tables = () => t.publicTables();

describe("placeholders and broken modules refuse the plan before anything runs", () => {
  test("every step's module is imported before the plan's first statement", async () => {
    const f = folder();
    for (const n of [0, 1, 2]) f.write(n, plain(n));
    const result = await run(f);
    expect(result.error).toBeUndefined();
    const firstStatement = f.events.findIndex((e) => !e.startsWith("import"));
    expect(f.events.slice(0, firstStatement)).toEqual(["import r0", "import r1", "import r2"]);
  });

  test("a placeholder in the last step is refused before anything runs", async () => {
    const f = folder();
    f.write(0, plain(0));
    f.write(1, plain(1));
    f.write(2, `async upgrade(op) { op.execute(${STUB}); }`);
    const error = await refusal(f);
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_TODO_PLACEHOLDER");
    expect(String((error as Error).message)).toContain("r2_rev.mjs:5");
    expect(String((error as Error).message)).toContain("Nothing was run.");
    expect(f.events.filter((e) => !e.startsWith("import"))).toEqual([]);
    expect(await tables()).toEqual([]);
  });

  test("a placeholder in a function the revision imports from a helper module is refused before anything runs", async () => {
    const f = folder();
    f.write(0, plain(0));
    f.write(1, plain(1));
    writeFileSync(
      join(f.versions, "..", "helpers.mjs"),
      `export async function fill(op) { op.execute(${STUB}); }\n`,
    );
    // the revision's own text holds no TODO: only the helper's does
    f.write(
      2,
      "upgrade: fill",
      'const defineRevision = (definition) => definition;\nimport { fill } from "../helpers.mjs";',
    );
    const error = await refusal(f);
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_TODO_PLACEHOLDER");
    expect(f.events.filter((e) => !e.startsWith("import"))).toEqual([]);
    expect(await tables()).toEqual([]);
  });

  test("a placeholder in a function another module put in a global is refused before anything runs", async () => {
    const f = folder();
    f.write(0, plain(0));
    f.write(1, "upgrade: athanorTestGlobalStub");
    const global = globalThis as { athanorTestGlobalStub?: unknown };
    global.athanorTestGlobalStub = new Function("op", `op.execute(${STUB});`);
    try {
      const error = await refusal(f);
      expect(isAthanorError(error) && error.code).toBe("ATHANOR_TODO_PLACEHOLDER");
      expect(f.events.filter((e) => !e.startsWith("import"))).toEqual([]);
      expect(await tables()).toEqual([]);
    } finally {
      delete global.athanorTestGlobalStub;
    }
  });

  test("a module that fails to load refuses the plan before anything runs", async () => {
    const f = folder();
    f.write(0, plain(0));
    f.write(
      1,
      plain(1),
      'const defineRevision = (definition) => definition;\nthrow new Error("broken module");',
    );
    const error = await refusal(f);
    expect(isAthanorError(error) && error.code).toBe("ATHANOR_REVISION_LOAD_FAILED");
    expect(String((error as Error).message)).toContain("broken module");
    expect(f.events.filter((e) => !e.startsWith("import"))).toEqual([]);
    expect(await tables()).toEqual([]);
  });
});
