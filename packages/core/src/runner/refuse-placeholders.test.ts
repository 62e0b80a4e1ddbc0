import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { isAthanorError } from "../errors.js";
import type { RevisionImporter } from "../revision/load-revision-module.js";
import { upgrade } from "./migrate.js";
import { useTestDatabase } from "./testing/fresh-database.js";

// The placeholder check refuses a plan before anything of it runs, yet imports a module up front
// only when its text cannot rule a placeholder out; the others load in their turn, each after
// the statements of the step before it were sent.

const STUB = '"UPDATE t_r0 SET id = /* TODO(athanor): expression */ NULL"';

const t = useTestDatabase({ beforeAll, beforeEach }, () => new PGlite());

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
      events.push(`import ${file.slice(file.lastIndexOf("/") + 1, file.indexOf("_", file.lastIndexOf("/")))}`);
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

const tables = async () =>
  (
    await t.db.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    )
  ).rows.map((r) => r.t);

describe("placeholders and lazy loading", () => {
  test("a plan without placeholders imports each module in its turn, after the step before sent its statements", async () => {
    const f = folder();
    for (const n of [0, 1, 2]) f.write(n, plain(n));
    const result = await run(f);
    expect(result.error).toBeUndefined();
    const at = (event: string) => f.events.indexOf(event);
    expect(at("import r0")).toBeGreaterThanOrEqual(0);
    // each next module is imported only once the step before has handed its batch to the driver
    expect(at("import r1")).toBeGreaterThan(at("CREATE TABLE t_r0 (id int)"));
    expect(at("import r2")).toBeGreaterThan(at("CREATE TABLE t_r1 (id int)"));
    expect(f.events.filter((e) => e.startsWith("import"))).toEqual(["import r0", "import r1", "import r2"]);
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

  test("a placeholder its text could not show (a global's function) is refused when its module loads, before its step", async () => {
    const f = folder();
    f.write(0, plain(0));
    f.write(1, "upgrade: athanorTestGlobalStub");
    const global = globalThis as { athanorTestGlobalStub?: unknown };
    global.athanorTestGlobalStub = new Function("op", `op.execute(${STUB});`);
    try {
      const result = await run(f);
      expect(result.results.map((r) => [r.revision, r.status])).toEqual([
        ["r0", "applied"],
        ["r1", "failed"],
      ]);
      expect(result.error?.code).toBe("ATHANOR_TODO_PLACEHOLDER");
      expect(result.error?.message).toContain("Nothing of r1 was run.");
      expect(f.events.some((e) => e.includes("TODO"))).toBe(false);
      expect(await t.versionRows()).toEqual(["r0"]);
    } finally {
      delete global.athanorTestGlobalStub;
    }
  });

  test("a module that fails to load in its turn is reported for its step; the steps before it stay applied", async () => {
    const f = folder();
    f.write(0, plain(0));
    f.write(1, plain(1), 'const defineRevision = (definition) => definition;\nthrow new Error("broken module");');
    const result = await run(f);
    expect(result.results.map((r) => [r.revision, r.status])).toEqual([
      ["r0", "applied"],
      ["r1", "failed"],
    ]);
    expect(result.error?.code).toBe("ATHANOR_REVISION_LOAD_FAILED");
    expect(result.error?.message).toContain("broken module");
    expect(await t.versionRows()).toEqual(["r0"]);
  });
});
