import { spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempVersionsFolder, writeRevisionFile } from "../testing/revision-folder.js";
import type { LoadRevisionSummaryOptions } from "./load-revision-summary.js";
import { loadRevisionSummary } from "./load-revision-summary.js";
import type { RevisionSource } from "./revision.js";

const write = writeRevisionFile;

function setup() {
  const { root, dir, cacheDir } = tempVersionsFolder("athanor-summary-");
  return { root, dir, cache: join(cacheDir, "summary.bin") };
}

/** A summary of every revision's id and message; counts how often it had to be computed. */
function summary(cache: string, extra: Partial<LoadRevisionSummaryOptions<string[]>> = {}) {
  let computed = 0;
  const options: LoadRevisionSummaryOptions<string[]> = {
    cache,
    kind: "messages",
    racyWindowMs: 0, // the files a test writes are always within the 3 s racy window
    summarise(revisions: readonly RevisionSource[]) {
      computed++;
      return revisions.map((r) => `${r.id}: ${r.message}`);
    },
    accept: (stored) =>
      Array.isArray(stored) && stored.every((s) => typeof s === "string") ? (stored as string[]) : undefined,
    ...extra,
  };
  return {
    load: (dir: string) => loadRevisionSummary(dir, options),
    computed: () => computed,
  };
}

describe("loadRevisionSummary", () => {
  it("computes once, then answers from the summary while no file changed", async () => {
    const { dir, cache } = setup();
    write(dir, "aaa", []);
    write(dir, "bbb", ["aaa"]);
    const messages = summary(cache);
    const expected = ["aaa: revision aaa", "bbb: revision bbb"];
    expect(await messages.load(dir)).toEqual(expected);
    expect(await messages.load(dir)).toEqual(expected);
    expect(await messages.load(join(dir, "..", "versions"))).toEqual(expected); // same folder, other spelling
    expect(messages.computed()).toBe(1);
  });

  it("is recomputed after a same-size edit in place, which leaves the folder's stamp unchanged", async () => {
    const { dir, cache } = setup();
    const file = write(dir, "aaa", [], "message one");
    const messages = summary(cache);
    expect(await messages.load(dir)).toEqual(["aaa: message one"]);
    const folder = statSync(dir);
    const before = statSync(file);
    write(dir, "aaa", [], "message two");
    expect(statSync(file).size).toBe(before.size);
    expect(statSync(dir).mtimeMs).toBe(folder.mtimeMs);
    expect(await messages.load(dir)).toEqual(["aaa: message two"]);
    expect(messages.computed()).toBe(2);
  });

  it("leaves out a folder named like a revision, and still sees a same-size edit in place of a file after it", async () => {
    // the stamps come from a names-only listing: a folder among the names is dropped there, so
    // the files after it are stamped in their own slots (and the summary still answers)
    const { dir, cache } = setup();
    write(dir, "aaa", [], "message one");
    mkdirSync(join(dir, "bbb_rev.ts"));
    const file = write(dir, "ccc", ["aaa"], "message one");
    const messages = summary(cache);
    const expected = ["aaa: message one", "ccc: message one"];
    expect(await messages.load(dir)).toEqual(expected);
    expect(await messages.load(dir)).toEqual(expected);
    expect(messages.computed()).toBe(1);
    const folder = statSync(dir);
    const before = statSync(file);
    write(dir, "ccc", ["aaa"], "message two");
    const after = statSync(file);
    expect([after.size, after.ino]).toEqual([before.size, before.ino]);
    expect(statSync(dir).mtimeMs).toBe(folder.mtimeMs);
    expect(await messages.load(dir)).toEqual(["aaa: message one", "ccc: message two"]);
    expect(messages.computed()).toBe(2);
    // a symlink to a folder is a candidate the loader reports, summary or not
    symlinkSync(join(dir, "bbb_rev.ts"), join(dir, "ddd_rev.ts"));
    await expect(messages.load(dir)).rejects.toThrow();
    await expect(messages.load(dir)).rejects.toThrow();
  });

  it("is recomputed when a file is touched back to its old mtime (its ctime moved on)", async () => {
    const { dir, cache } = setup();
    const file = write(dir, "aaa", [], "message one");
    const anHourAgo = Math.floor(Date.now() / 1000) - 3600; // whole seconds: restored exactly below
    utimesSync(file, anHourAgo, anHourAgo);
    const old = statSync(file);
    const messages = summary(cache);
    await messages.load(dir);
    write(dir, "aaa", [], "message two");
    utimesSync(file, anHourAgo, anHourAgo);
    const touched = statSync(file);
    expect([touched.size, touched.mtimeMs]).toEqual([old.size, old.mtimeMs]);
    expect(touched.ctimeMs).not.toBe(old.ctimeMs);
    expect(await messages.load(dir)).toEqual(["aaa: message two"]);
  });

  it("is recomputed after a rename over another file, an addition and a deletion", async () => {
    const { dir, cache } = setup();
    const a = write(dir, "aaa", []);
    const b = write(dir, "bbb", ["aaa"]);
    const messages = summary(cache);
    await messages.load(dir);
    renameSync(a, b); // bbb_rev.ts now holds aaa: same name, another inode
    expect(await messages.load(dir)).toEqual(["aaa: revision aaa"]);
    write(dir, "ccc", ["aaa"]);
    expect(await messages.load(dir)).toEqual(["aaa: revision aaa", "ccc: revision ccc"]);
    rmSync(join(dir, "ccc_rev.ts"));
    expect(await messages.load(dir)).toEqual(["aaa: revision aaa"]);
    expect(await messages.load(dir)).toEqual(["aaa: revision aaa"]);
    expect(messages.computed()).toBe(4);
  });

  it("is recomputed when a compiled twin beside a revision changes", async () => {
    const { dir, cache } = setup();
    write(dir, "aaa", []);
    const twin = write(dir, "aaa", [], "revision aaa", ".js");
    const messages = summary(cache);
    expect(await messages.load(dir)).toEqual(["aaa: revision aaa"]);
    write(dir, "aaa", [], "an older header", ".js");
    utimesSync(twin, new Date(), new Date(Date.now() + 5_000));
    await expect(messages.load(dir)).rejects.toMatchObject({ code: "ATHANOR_DUPLICATE_REVISION" });
  });

  it("does not store a summary while a file is within the racy window, nor while one is invalid", async () => {
    const { dir, cache } = setup();
    write(dir, "aaa", [], "message one");
    const racy = summary(cache, { racyWindowMs: undefined }); // the default 3 s: the file is new
    expect(await racy.load(dir)).toEqual(["aaa: message one"]);
    expect(() => statSync(cache)).toThrow();
    write(dir, "aaa", [], "message two");
    expect(await racy.load(dir)).toEqual(["aaa: message two"]);
    expect(racy.computed()).toBe(2);

    writeFileSync(join(dir, "bad_rev.ts"), "export default 42;");
    const messages = summary(cache);
    await expect(messages.load(dir)).rejects.toMatchObject({ code: "ATHANOR_REVISION_FILE_INVALID" });
    expect(() => statSync(cache)).toThrow();
  });

  it("keeps summaries of two kinds apart, and computes every time without a cache path", async () => {
    const { dir, cache } = setup();
    write(dir, "aaa", []);
    await summary(cache).load(dir);
    const other = summary(cache, {
      kind: "ids",
      summarise: (revisions) => revisions.map((r) => r.id),
    });
    expect(await other.load(dir)).toEqual(["aaa"]);
    const uncached = summary(cache, { cache: undefined });
    await uncached.load(dir);
    await uncached.load(dir);
    expect(uncached.computed()).toBe(2);
  });

  it("treats a hostile summary file as a miss: garbage, truncated, huge, foreign, widened, a symlink, malformed", async () => {
    const { root, dir, cache } = setup();
    write(dir, "aaa", []);
    const messages = summary(cache);
    const expected = ["aaa: revision aaa"];
    await messages.load(dir);
    const good = readFileSync(cache);
    const elsewhere = join(root, "planted.bin");
    const malformed = Buffer.from(good);
    malformed.write('["x"', malformed.indexOf('"summary":') + 10, "latin1"); // JSON no longer parses
    const rewrite = (data: Buffer) => writeFileSync(cache, data, { mode: 0o600 });
    const corruptions: [string, () => void][] = [
      ["garbage", () => writeFileSync(cache, "not a summary at all", { mode: 0o600 })],
      ["truncated", () => rewrite(good.subarray(0, good.length - 8))],
      ["malformed JSON part", () => rewrite(malformed)],
      [
        "huge",
        () => {
          rewrite(good);
          truncateSync(cache, 2 ** 31); // sparse: never read, its size already says it is no summary
        },
      ],
      [
        "another owner",
        () => {
          rewrite(good);
          chownSync(cache, 4242, 4242);
        },
      ],
      [
        "group-writable",
        () => {
          rewrite(good);
          chmodSync(cache, 0o620);
        },
      ],
      [
        "a symlink",
        () => {
          writeFileSync(elsewhere, good, { mode: 0o600 });
          symlinkSync(elsewhere, cache);
        },
      ],
    ];
    for (const [what, corrupt] of corruptions) {
      rmSync(cache, { force: true });
      corrupt();
      const before = messages.computed();
      expect(await messages.load(dir), what).toEqual(expected);
      expect(messages.computed(), what).toBe(before + 1);
    }
    // a summary this kind does not accept is a miss too
    rmSync(cache, { force: true });
    await summary(cache, { summarise: () => [42] as unknown as string[], accept: (s) => s as string[] }).load(
      dir,
    );
    const before = messages.computed();
    expect(await messages.load(dir)).toEqual(expected);
    expect(messages.computed()).toBe(before + 1);
  });

  it("stays correct with several processes computing and writing the same summary at once", async () => {
    const { dir, cache } = setup();
    const ids = Array.from({ length: 200 }, (_, i) => `r${String(i).padStart(4, "0")}`);
    for (const [i, id] of ids.entries()) write(dir, id, i === 0 ? [] : [ids[i - 1] as string]);
    // the built entry point: child processes run plain Node
    const module = fileURLToPath(new URL("../../dist/revision/index.js", import.meta.url));
    const script = `
      const { loadRevisionSummary } = await import(${JSON.stringify(module)});
      for (let run = 0; run < 5; run++) {
        const ids = await loadRevisionSummary(${JSON.stringify(dir)}, {
          cache: ${JSON.stringify(cache)}, kind: "ids", racyWindowMs: 0,
          summarise: (revisions) => revisions.map((r) => r.id),
          accept: (s) => (Array.isArray(s) ? s : undefined),
        });
        process.stdout.write(ids.join(",") + "\\n");
      }`;
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () => {
        const child = spawn(process.execPath, ["--input-type=module", "-e", script]);
        let out = "";
        child.stdout.on("data", (chunk) => (out += chunk));
        return new Promise<string>((done, fail) =>
          child.on("close", (code) => (code === 0 ? done(out) : fail(new Error(`exit ${code}`)))),
        );
      }),
    );
    for (const out of outputs) expect(out).toBe(`${ids.join(",")}\n`.repeat(5));
    // what the writers left is one whole summary: the next run is a hit
    const after = summary(cache, { kind: "ids", summarise: (revisions) => revisions.map((r) => r.id) });
    expect(await after.load(dir)).toEqual(ids);
    expect(after.computed()).toBe(0);
  });
});
