import { mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { stampOf } from "../revision/file-stamp-cache.js";
import { renderRevisionFile } from "../revision/render-revision-file.js";
import { fileChecksum } from "./checksum.js";
import { ChecksumCache } from "./checksum-cache.js";
import { openRevisionSet } from "./revision-set.js";

function setup() {
  const root = mkdtempSync(join(tmpdir(), "athanor-checksums-"));
  const dir = join(root, "versions");
  mkdirSync(dir);
  return {
    dir,
    cache: join(root, "cache", "checksums.json"),
    headers: join(root, "cache", "headers-k.json"),
  };
}

/** A checksum function that counts how often a file was actually read and hashed. */
function counting() {
  const calls: string[] = [];
  const compute = (text: string) => {
    calls.push(text);
    return fileChecksum(text);
  };
  return { calls, compute };
}

const NO_WINDOW = { racyWindowMs: -1 };

describe("ChecksumCache", () => {
  it("serves a stored checksum while the file is unchanged, and hashes again after any edit", () => {
    const { dir, cache } = setup();
    const file = join(dir, "a.ts");
    writeFileSync(file, "export default 1;\n");
    const first = counting();
    const c1 = ChecksumCache.open(cache, dir, ["a.ts"], NO_WINDOW);
    const sum = c1.checksum(file, "a.ts", first.compute);
    expect(sum).toBe(fileChecksum("export default 1;\n"));
    expect(first.calls).toHaveLength(1);
    c1.save();

    const second = counting();
    expect(ChecksumCache.open(cache, dir, ["a.ts"], NO_WINDOW).checksum(file, "a.ts", second.compute)).toBe(
      sum,
    );
    expect(second.calls).toHaveLength(0);

    // same size, mtime put back: only the ctime (and content) tell, and that is enough
    const before = statSync(file);
    writeFileSync(file, "export default 2;\n");
    utimesSync(file, before.atime, before.mtime);
    const third = counting();
    const edited = ChecksumCache.open(cache, dir, ["a.ts"], NO_WINDOW).checksum(file, "a.ts", third.compute);
    expect(third.calls).toEqual(["export default 2;\n"]);
    expect(edited).toBe(fileChecksum("export default 2;\n"));
    expect(edited).not.toBe(sum);
  });

  it("compares a stored checksum with the stamp the caller took earlier in the run, not a new one", () => {
    const { dir, cache } = setup();
    const file = join(dir, "a.ts");
    writeFileSync(file, "export default 1;\n");
    const taken = stampOf(statSync(file)); // the stamp the header was served under
    const c1 = ChecksumCache.open(cache, dir, ["a.ts"], NO_WINDOW);
    const sum = c1.checksum(file, "a.ts", fileChecksum);
    c1.save();
    writeFileSync(file, "export default 22;\n"); // edited after the header was taken
    // the value of the state the header belongs to: whatever runs the file hashes its text again
    const same = counting();
    expect(
      ChecksumCache.open(cache, dir, ["a.ts"], NO_WINDOW).checksum(file, "a.ts", same.compute, taken),
    ).toBe(sum);
    expect(same.calls).toHaveLength(0);
    // a caller holding the new stamp gets the new content's checksum
    const fresh = counting();
    const now = stampOf(statSync(file));
    expect(
      ChecksumCache.open(cache, dir, ["a.ts"], NO_WINDOW).checksum(file, "a.ts", fresh.compute, now),
    ).toBe(fileChecksum("export default 22;\n"));
    expect(fresh.calls).toEqual(["export default 22;\n"]);
  });

  it("never stores a file written within the racy window", () => {
    const { dir, cache } = setup();
    const file = join(dir, "a.ts");
    writeFileSync(file, "export default 1;\n");
    const c = ChecksumCache.open(cache, dir, ["a.ts"]); // default window: the file is seconds old at most
    c.checksum(file, "a.ts", fileChecksum);
    c.save();
    const again = counting();
    ChecksumCache.open(cache, dir, ["a.ts"]).checksum(file, "a.ts", again.compute);
    expect(again.calls).toHaveLength(1);
  });

  it("checksums text in hand, ignoring a cached value, and stores it under the stamp taken before the read", () => {
    const { dir, cache } = setup();
    const file = join(dir, "a.ts");
    writeFileSync(file, "export default 1;\n");
    const stamp = stampOf(statSync(file));
    const c1 = ChecksumCache.open(cache, dir, ["a.ts"], NO_WINDOW);
    c1.checksum(file, "a.ts", fileChecksum);
    c1.save();
    // the text in hand wins over the stored value, whatever it says
    const held = counting();
    const c2 = ChecksumCache.open(cache, dir, ["a.ts"], NO_WINDOW);
    expect(c2.checksumOfText("a.ts", "export default 2;\n", held.compute, stamp)).toBe(
      fileChecksum("export default 2;\n"),
    );
    expect(held.calls).toHaveLength(1);
    c2.save();
    const stored = JSON.parse(readFileSync(cache, "utf8")).entries["a.ts"];
    expect(stored).toEqual([...stamp, fileChecksum("export default 2;\n")]);
    // within the racy window nothing is stored
    const racy = ChecksumCache.open(cache, dir, ["a.ts"]);
    racy.checksumOfText("a.ts", "export default 3;\n", fileChecksum, stampOf(statSync(file)));
    racy.save();
    expect(JSON.parse(readFileSync(cache, "utf8")).entries["a.ts"]).toEqual(stored);
  });

  it("drops entries of files no longer in the folder and survives a damaged cache file", () => {
    const { dir, cache } = setup();
    for (const name of ["a.ts", "b.ts"]) writeFileSync(join(dir, name), `// ${name}\n`);
    const c = ChecksumCache.open(cache, dir, ["a.ts", "b.ts"], NO_WINDOW);
    c.checksum(join(dir, "a.ts"), "a.ts", fileChecksum);
    c.checksum(join(dir, "b.ts"), "b.ts", fileChecksum);
    c.save();
    const shrunk = ChecksumCache.open(cache, dir, ["a.ts"], NO_WINDOW);
    shrunk.checksum(join(dir, "a.ts"), "a.ts", fileChecksum); // a hit: nothing to write
    shrunk.save();
    expect(Object.keys(JSON.parse(readFileSync(cache, "utf8")).entries)).toEqual(["a.ts", "b.ts"]);
    writeFileSync(join(dir, "a.ts"), "// a.ts, edited\n");
    utimesSync(join(dir, "a.ts"), new Date(0), new Date(0));
    shrunk.checksum(join(dir, "a.ts"), "a.ts", fileChecksum); // a miss, stored: the write drops b.ts
    shrunk.save();
    expect(Object.keys(JSON.parse(readFileSync(cache, "utf8")).entries)).toEqual(["a.ts"]);

    writeFileSync(cache, "{ not json");
    const fresh = counting();
    ChecksumCache.open(cache, dir, ["a.ts"], NO_WINDOW).checksum(join(dir, "a.ts"), "a.ts", fresh.compute);
    expect(fresh.calls).toHaveLength(1);
  });
});

describe("openRevisionSet with a header cache", () => {
  it("keeps checksums beside the header cache and reports an edited file's new checksum", async () => {
    const { dir, headers } = setup();
    const file = join(dir, "a1_init.ts");
    const text = renderRevisionFile({
      header: {
        id: "a1",
        parents: [],
        message: "init",
        branchLabels: [],
        dependsOn: [],
        transactional: true,
      },
    });
    writeFileSync(file, text);
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const set = await openRevisionSet(dir, undefined, headers);
    expect(set.checksum("a1")).toBe(fileChecksum(text));
    set.saveCaches();
    // the file's ctime is fresh, so nothing may be stored yet: the racy rule holds for real files
    const stored = () => JSON.parse(readFileSync(join(dirname(headers), "checksums-k.json"), "utf8"));
    expect(() => stored()).toThrow();

    writeFileSync(file, `${text}// edited\n`);
    expect((await openRevisionSet(dir, undefined, headers)).checksum("a1")).toBe(
      fileChecksum(`${text}// edited\n`),
    );
  });
});
