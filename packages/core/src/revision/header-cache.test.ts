import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRevisionHeaders } from "./load-revision-headers.js";
import { renderRevisionFile } from "./render-revision-file.js";

function write(dir: string, id: string, parents: string[], message = `revision ${id}`): string {
  const file = join(dir, `${id}_rev.ts`);
  writeFileSync(
    file,
    renderRevisionFile({
      header: { id, parents, message, branchLabels: [], dependsOn: [], transactional: true },
    }),
  );
  return file;
}

function setup() {
  const root = mkdtempSync(join(tmpdir(), "athanor-cache-"));
  const dir = join(root, "versions");
  const cache = join(root, "cache", "headers.json");
  mkdirSync(dir);
  return { dir, cache };
}

describe("loadRevisionHeaders with a header cache", () => {
  it("serves unchanged files from the cache and re-reads edited, added and removed ones", async () => {
    const { dir, cache } = setup();
    write(dir, "aaa", []);
    const bFile = write(dir, "bbb", ["aaa"]);
    const first = await loadRevisionHeaders(dir, { cache });
    expect(first.map((r) => r.id)).toEqual(["aaa", "bbb"]);
    const stored = JSON.parse(readFileSync(cache, "utf8"));
    expect(Object.keys(stored.entries).sort()).toEqual(["aaa_rev.ts", "bbb_rev.ts"]);

    // Poison the cached header of an unchanged file: a hit must come from the cache, not the file.
    stored.entries["aaa_rev.ts"][4].message = "from cache";
    writeFileSync(cache, JSON.stringify(stored));
    const second = await loadRevisionHeaders(dir, { cache });
    expect(second.find((r) => r.id === "aaa")?.message).toBe("from cache");
    expect(second.find((r) => r.id === "aaa")?.file).toBe(join(dir, "aaa_rev.ts"));

    // An edited file (new size and mtime) is parsed again; a new file is added; a removed one dropped.
    write(dir, "bbb", ["aaa"], "edited message that is longer");
    utimesSync(bFile, new Date(), new Date(Date.now() + 5_000));
    write(dir, "ccc", ["bbb"]);
    const third = await loadRevisionHeaders(dir, { cache });
    expect(third.find((r) => r.id === "bbb")?.message).toBe("edited message that is longer");
    expect(third.map((r) => r.id)).toEqual(["aaa", "bbb", "ccc"]);
    rmSync(join(dir, "ccc_rev.ts"));
    await loadRevisionHeaders(dir, { cache });
    expect(Object.keys(JSON.parse(readFileSync(cache, "utf8")).entries).sort()).toEqual([
      "aaa_rev.ts",
      "bbb_rev.ts",
    ]);
  });

  it("ignores a corrupt cache or one written for another folder", async () => {
    const { dir, cache } = setup();
    write(dir, "aaa", []);
    mkdirSync(join(cache, ".."), { recursive: true });
    writeFileSync(cache, "{not json");
    expect((await loadRevisionHeaders(dir, { cache })).map((r) => r.message)).toEqual(["revision aaa"]);
    const stored = JSON.parse(readFileSync(cache, "utf8"));
    stored.dir = "/somewhere/else";
    stored.entries["aaa_rev.ts"][4].message = "wrong folder";
    writeFileSync(cache, JSON.stringify(stored));
    expect((await loadRevisionHeaders(dir, { cache })).map((r) => r.message)).toEqual(["revision aaa"]);
  });

  it("does not cache anything while a file is invalid", async () => {
    const { dir, cache } = setup();
    write(dir, "aaa", []);
    writeFileSync(join(dir, "bad.ts"), "export default 42;");
    await expect(loadRevisionHeaders(dir, { cache })).rejects.toMatchObject({
      code: "ATHANOR_REVISION_FILE_INVALID",
    });
    expect(() => readFileSync(cache)).toThrow();
  });
});
