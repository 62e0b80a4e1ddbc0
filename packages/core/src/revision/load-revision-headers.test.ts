import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRevisionHeaders, pickRevisionFiles } from "./load-revision-headers.js";
import { newRevisionId } from "./new-revision-id.js";
import { renderRevisionFile } from "./render-revision-file.js";

function revisionSource(id: string, parents: string[] = []): string {
  return renderRevisionFile({
    header: { id, parents, message: `revision ${id}`, branchLabels: [], dependsOn: [], transactional: true },
    upgradeBody: `op.execute("CREATE TABLE t_${id} (id int)");`,
    downgradeBody: `op.execute("DROP TABLE t_${id}");`,
  });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "athanor-headers-"));
}

describe("pickRevisionFiles", () => {
  it("keeps one file per stem by extension preference and ignores non-revisions", () => {
    const entries = [
      "b.js",
      "a.ts",
      "a.js",
      "c.mjs",
      "types.d.ts",
      "x.test.ts",
      ".hidden.ts",
      "notes.md",
      "a.js.map",
    ];
    expect(pickRevisionFiles(entries, [".ts", ".mts", ".js", ".mjs"])).toEqual(["a.ts", "b.js", "c.mjs"]);
    expect(pickRevisionFiles(entries, [".js", ".mjs"])).toEqual(["a.js", "b.js", "c.mjs"]);
  });
});

describe("loadRevisionHeaders", () => {
  it("reads headers sorted by file name, with absolute file paths", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "b2_second.ts"), revisionSource("b2", ["a1"]));
    writeFileSync(join(dir, "a1_first.ts"), revisionSource("a1"));
    writeFileSync(join(dir, "README.md"), "not a revision");
    mkdirSync(join(dir, "nested"));
    writeFileSync(join(dir, "nested", "c3.ts"), revisionSource("c3", ["b2"]));
    const revisions = await loadRevisionHeaders(dir);
    expect(revisions.map((r) => [r.id, r.parents, r.file])).toEqual([
      ["a1", [], join(dir, "a1_first.ts")],
      ["b2", ["a1"], join(dir, "b2_second.ts")],
    ]);
  });

  it("reports the first invalid file and counts the others", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.ts"), revisionSource("a"));
    writeFileSync(
      join(dir, "b.ts"),
      "export default defineRevision({ id: makeId(), upgrade() {}, downgrade() {} });",
    );
    writeFileSync(join(dir, "c.ts"), "export default {};");
    await expect(loadRevisionHeaders(dir)).rejects.toMatchObject({
      code: "ATHANOR_REVISION_FILE_INVALID",
      meta: { file: join(dir, "b.ts"), field: "id", otherInvalidFiles: 1 },
    });
  });

  it("takes x.js beside x.ts as its compiled form only when the headers are the same", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a1_x.ts"), revisionSource("a1"));
    // the compiled form: same header, other code around it
    writeFileSync(
      join(dir, "a1_x.js"),
      `"use strict";\n${revisionSource("a1").replace("(op) {", "(op) { /* compiled */")}`,
    );
    const loaded = await loadRevisionHeaders(dir, { extensions: [".ts", ".js"] });
    expect(loaded.map((r) => r.file)).toEqual([join(dir, "a1_x.ts")]);

    writeFileSync(join(dir, "a1_x.js"), revisionSource("b2"));
    const error = await loadRevisionHeaders(dir, { extensions: [".ts", ".js"] }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ATHANOR_DUPLICATE_REVISION",
      meta: {
        files: [join(dir, "a1_x.ts"), join(dir, "a1_x.js")],
        id: "a1",
        otherId: "b2",
        fields: ["id", "message"],
      },
    });
  });

  it("says how to fix a missing versions folder", async () => {
    const missing = join(tempDir(), "nope");
    await expect(loadRevisionHeaders(missing)).rejects.toMatchObject({
      code: "ATHANOR_VERSIONS_DIR_NOT_FOUND",
      meta: { dir: missing },
      message: expect.stringContaining("Create it, or point the `revisions` option"),
    });
  });

  it("loads 10,000 revision headers, each with its parents", async () => {
    // Speed is measured in bench/graph.mjs; this proves the loader keeps every header intact at scale.
    const dir = tempDir();
    let parent: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const id = newRevisionId();
      writeFileSync(join(dir, `${id}_rev_${i}.ts`), revisionSource(id, parent));
      ids.push(id);
      parent = [id];
    }
    const revisions = await loadRevisionHeaders(dir);
    expect(revisions).toHaveLength(10_000);
    const byId = new Map(revisions.map((r) => [r.id, r]));
    expect(byId.get(ids[5_000] as string)?.parents).toEqual([ids[4_999]]);
    expect(byId.get(ids[0] as string)?.parents).toEqual([]);
  });
});

describe("newRevisionId", () => {
  it("returns 12 lowercase hex characters, fresh each time", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newRevisionId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
  });
});
