import { mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempVersionsFolder, writeRevisionFile } from "../testing/revision-folder.js";
import { type FileStamp, stampOf, writePrivateJson } from "./file-stamp-cache.js";
import { loadRevisionHeaders } from "./load-revision-headers.js";

const write = writeRevisionFile;

function setup() {
  const { dir, cacheDir } = tempVersionsFolder();
  return { dir, cache: join(cacheDir, "headers.json") };
}

/** Trust any stamp: the files a test writes are always within the 3 s racy window. */
const TRUSTING = { cacheRacyWindowMs: 0 } as const;
const MESSAGE = 7; // index of the message in a stored row: name, 4 stamp numbers, id, parents, message

type Row = unknown[];
function readRows(cache: string): { format: number; dir: string; entries: Row[] } {
  return JSON.parse(readFileSync(cache, "utf8"));
}
const rowOf = (stored: { entries: Row[] }, name: string) =>
  stored.entries.find((row) => row[0] === name) as Row;

describe("loadRevisionHeaders with a header cache", () => {
  it("hands back the stamp each file was stat'ed under, on a miss and on a hit", async () => {
    const { dir, cache } = setup();
    const a = write(dir, "aaa", []);
    const b = write(dir, "bbb", ["aaa"]);
    const expected = new Map([a, b].map((file) => [file.slice(dir.length + 1), stampOf(statSync(file))]));
    for (const run of ["miss", "hit"]) {
      const stamps = new Map<string, FileStamp>();
      await loadRevisionHeaders(dir, { cache, stamps, ...TRUSTING });
      expect(stamps, run).toEqual(expected);
    }
    expect(readRows(cache).entries).toHaveLength(2); // both stored by the first run: the second was all hits
  });

  it("hands back the text of each file whose header it parsed, and none for a cache hit", async () => {
    const { dir, cache } = setup();
    const a = write(dir, "aaa", []);
    const b = write(dir, "bbb", ["aaa"]);
    const texts = new Map<string, string>();
    await loadRevisionHeaders(dir, { cache, texts, ...TRUSTING });
    expect(texts).toEqual(
      new Map([a, b].map((file) => [file.slice(dir.length + 1), readFileSync(file, "utf8")])),
    );
    const again = new Map<string, string>();
    await loadRevisionHeaders(dir, { cache, texts: again, ...TRUSTING });
    expect(again.size).toBe(0);
  });

  it("serves unchanged files from the cache and re-reads edited, added and removed ones", async () => {
    const { dir, cache } = setup();
    write(dir, "aaa", []);
    const bFile = write(dir, "bbb", ["aaa"]);
    const first = await loadRevisionHeaders(dir, { cache, ...TRUSTING });
    expect(first.map((r) => r.id)).toEqual(["aaa", "bbb"]);
    const stored = readRows(cache);
    expect(stored.entries.map((row) => row[0]).sort()).toEqual(["aaa_rev.ts", "bbb_rev.ts"]);

    // Poison the cached header of an unchanged file: a hit must come from the cache, not the file.
    rowOf(stored, "aaa_rev.ts")[MESSAGE] = "from cache";
    writeFileSync(cache, JSON.stringify(stored));
    const second = await loadRevisionHeaders(dir, { cache, ...TRUSTING });
    expect(second.find((r) => r.id === "aaa")?.message).toBe("from cache");
    expect(second.find((r) => r.id === "aaa")?.file).toBe(join(dir, "aaa_rev.ts"));

    // An edited file (new size and mtime) is parsed again; a new file is added; a removed one dropped.
    write(dir, "bbb", ["aaa"], "edited message that is longer");
    utimesSync(bFile, new Date(), new Date(Date.now() + 5_000));
    write(dir, "ccc", ["bbb"]);
    const third = await loadRevisionHeaders(dir, { cache, ...TRUSTING });
    expect(third.find((r) => r.id === "bbb")?.message).toBe("edited message that is longer");
    expect(third.map((r) => r.id)).toEqual(["aaa", "bbb", "ccc"]);
    rmSync(join(dir, "ccc_rev.ts"));
    await loadRevisionHeaders(dir, { cache, ...TRUSTING });
    expect(
      readRows(cache)
        .entries.map((row) => row[0])
        .sort(),
    ).toEqual(["aaa_rev.ts", "bbb_rev.ts"]);
  });

  it("re-reads a file renamed over another revision file or to a new name", async () => {
    const { dir, cache } = setup();
    const a = write(dir, "aaa", []);
    const b = write(dir, "bbb", ["aaa"]);
    const c = write(dir, "ccc", ["bbb"]);
    await loadRevisionHeaders(dir, { cache, ...TRUSTING });
    // aaa_rev.ts moved over bbb_rev.ts: same name as a cached row, another inode
    renameSync(a, b);
    const replaced = await loadRevisionHeaders(dir, { cache, ...TRUSTING });
    expect(replaced.map((r) => [r.id, r.file])).toEqual([
      ["aaa", b],
      ["ccc", c],
    ]);
    // ccc_rev.ts renamed to a name no row has: read from the file under its new name
    const d = join(dir, "ddd_rev.ts");
    renameSync(c, d);
    const renamed = await loadRevisionHeaders(dir, { cache, ...TRUSTING });
    expect(renamed.map((r) => [r.id, r.file])).toEqual([
      ["aaa", b],
      ["ccc", d],
    ]);
    expect(readRows(cache).entries.map((row) => [row[0], row[5]])).toEqual([
      ["bbb_rev.ts", "aaa"],
      ["ddd_rev.ts", "ccc"],
    ]);
  });

  it("catches a same-size edit in place, which leaves the folder's own stamp unchanged", async () => {
    // why the cache checks each file and not the folder: writing into an existing file changes
    // the file's mtime and ctime, never its directory's
    const { dir, cache } = setup();
    const file = write(dir, "aaa", [], "message one");
    await loadRevisionHeaders(dir, { cache, ...TRUSTING });
    const folder = statSync(dir);
    write(dir, "aaa", [], "message two");
    utimesSync(file, new Date(), new Date(Date.now() + 5_000)); // the edit lands on a later tick
    expect(statSync(dir).mtimeMs).toBe(folder.mtimeMs);
    expect(statSync(dir).ctimeMs).toBe(folder.ctimeMs);
    expect((await loadRevisionHeaders(dir, { cache, ...TRUSTING })).map((r) => r.message)).toEqual([
      "message two",
    ]);
  });

  it("ignores a corrupt cache, one written for another folder and malformed rows", async () => {
    const { dir, cache } = setup();
    write(dir, "aaa", []);
    write(dir, "bbb", ["aaa"]);
    mkdirSync(join(cache, ".."), { recursive: true });
    writeFileSync(cache, "{not json", { mode: 0o600 });
    const messages = ["revision aaa", "revision bbb"];
    expect((await loadRevisionHeaders(dir, { cache, ...TRUSTING })).map((r) => r.message)).toEqual(messages);
    const good = readRows(cache);

    const otherFolder = { ...structuredClone(good), dir: "/somewhere/else" };
    rowOf(otherFolder, "aaa_rev.ts")[MESSAGE] = "wrong folder";
    // each corruption keeps the stamps valid, so only the shape check stands between it and a hit
    const corruptions: unknown[] = [
      otherFolder,
      { ...good, format: 4 },
      { ...good, entries: { "aaa_rev.ts": rowOf(good, "aaa_rev.ts") } },
      {
        ...good,
        entries: [
          null,
          42,
          ...good.entries.map((row) => [...row.slice(0, MESSAGE), 42, ...row.slice(MESSAGE + 1)]),
        ],
      },
      { ...good, entries: good.entries.map((row) => [...row, "extra"]) },
      { ...good, entries: good.entries.map((row) => row.map((v, i) => (i === 6 ? [1] : v))) },
      { ...good, entries: good.entries.map((row) => row.map((v, i) => (i === 11 ? "sideways" : v))) },
      { ...good, entries: good.entries.map((row) => row.map((v, i) => (i === 13 ? { ignore: [{}] } : v))) },
      { ...good, entries: good.entries.map((row) => row.map((v, i) => (i === 1 ? String(v) : v))) },
      [good],
    ];
    for (const corrupt of corruptions) {
      writePrivateJson(cache, corrupt);
      const loaded = await loadRevisionHeaders(dir, { cache, ...TRUSTING });
      expect(loaded.map((r) => r.message)).toEqual(messages);
      expect(loaded.map((r) => r.parents)).toEqual([[], ["aaa"]]);
      expect(readRows(cache)).toEqual(good); // rewritten from the files
    }
  });

  it("re-reads a file edited in place right after it was cached (racy stamp), with the default window", async () => {
    const { dir, cache } = setup();
    const file = write(dir, "aaa", [], "message one");
    expect((await loadRevisionHeaders(dir, { cache })).map((r) => r.message)).toEqual(["message one"]);
    // a file younger than the racy window is never stored ...
    expect(readRows(cache).entries).toEqual([]);

    // ... so a same-size edit right after that run (which a filesystem with coarse timestamps
    // could record under the very same stamp) is read from the file
    write(dir, "aaa", [], "message two");
    expect((await loadRevisionHeaders(dir, { cache })).map((r) => r.message)).toEqual(["message two"]);
    expect(readRows(cache).entries).toEqual([]);

    // with the rule off, an entry stored under the file's exact stamp is trusted as is: the rule,
    // not the stamp, is what keeps such an edit from being hidden
    const stats = statSync(file);
    const staleRow = ["aaa_rev.ts", stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino];
    staleRow.push("aaa", [], "message one", null, [], [], null, true, null);
    writePrivateJson(cache, { format: 5, dir: resolve(dir), entries: [staleRow] });
    expect((await loadRevisionHeaders(dir, { cache, ...TRUSTING })).map((r) => r.message)).toEqual([
      "message one",
    ]);
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
