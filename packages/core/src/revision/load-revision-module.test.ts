import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRevisionModule } from "./load-revision-module.js";
import { parseRevisionHeader } from "./parse-revision-header.js";

const dir = mkdtempSync(join(tmpdir(), "athanor-module-"));

/** Writes a self-contained .mjs revision (no package imports, so it loads from a temp folder). */
function write(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `const defineRevision = (d) => Object.freeze(d);\n${body}\n`);
  return file;
}

describe("loadRevisionModule", () => {
  it("imports the module and returns its definition once the header matches", async () => {
    const file = write(
      "ok.mjs",
      `export default defineRevision({ id: "ok1", parents: ["p"], message: "fine", upgrade(op) { op.execute("up"); }, downgrade(op) {} });`,
    );
    const loaded = await loadRevisionModule(file);
    expect(loaded.header).toMatchObject({ id: "ok1", parents: ["p"], message: "fine", transactional: true });
    const statements: string[] = [];
    await loaded.definition.upgrade({ execute: (sql: string) => statements.push(sql) } as never);
    expect(statements).toEqual(["up"]);
  });

  it("accepts the header the graph already holds and a custom importer", async () => {
    const file = write(
      "custom.mjs",
      `export default defineRevision({ id: "c1", upgrade() {}, downgrade() {} });`,
    );
    const seen: string[] = [];
    const source = {
      ...parseRevisionHeader(`export default defineRevision({ id: "c1", upgrade() {}, downgrade() {} })`),
      file,
    };
    const loaded = await loadRevisionModule(source, async (path) => {
      seen.push(path);
      return import(`file://${path}`);
    });
    expect(seen).toEqual([file]);
    expect(loaded.definition.id).toBe("c1");
  });

  it("refuses a module whose runtime header differs from its text", async () => {
    const file = write(
      "stale.mjs",
      `export default defineRevision({ id: "s1", message: "new", upgrade() {}, downgrade() {} });`,
    );
    const staleHeader = {
      ...parseRevisionHeader(
        `export default defineRevision({ id: "s1", message: "old", upgrade() {}, downgrade() {} })`,
      ),
      file,
    };
    await expect(loadRevisionModule(staleHeader)).rejects.toMatchObject({
      code: "ATHANOR_REVISION_HEADER_MISMATCH",
      meta: { file, revision: "s1", fields: ["message"] },
    });
  });

  it("wraps import failures and missing default exports as ATHANOR_REVISION_LOAD_FAILED", async () => {
    const throws = write(
      "throws.mjs",
      `throw new Error("boom");\nexport default defineRevision({ id: "t1", upgrade() {}, downgrade() {} });`,
    );
    await expect(loadRevisionModule(throws)).rejects.toMatchObject({
      code: "ATHANOR_REVISION_LOAD_FAILED",
      message: expect.stringContaining("boom"),
      meta: { file: throws, revision: "t1" },
    });
    const noDefault = write(
      "nodefault.mjs",
      `export const rev = defineRevision({ id: "n1", upgrade() {}, downgrade() {} });`,
    );
    await expect(loadRevisionModule(noDefault)).rejects.toMatchObject({
      code: "ATHANOR_REVISION_LOAD_FAILED",
    });
  });
});
