import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readStampCache, writeStampCache } from "./file-stamp-cache.js";
import { ensurePrivateDir, isPrivateFile } from "./private-cache-dir.js";

const root = () => mkdtempSync(join(tmpdir(), "athanor-private-"));
const mode = (path: string) => statSync(path).mode & 0o777;
const isRoot = process.getuid?.() === 0;

/** A world-writable folder owned by someone else: made by root for nobody, else the system's /tmp. */
function foreignDir(): string {
  if (!isRoot) return tmpdir();
  const dir = join(root(), "athanor");
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  chownSync(dir, 65534, 65534);
  return dir;
}

describe("ensurePrivateDir", () => {
  it("creates the cache folder with mode 0700, whatever the umask", () => {
    const dir = join(root(), "a", "athanor");
    const umask = process.umask(0);
    try {
      expect(ensurePrivateDir(dir)).toBe(true);
    } finally {
      process.umask(umask);
    }
    expect(mode(dir)).toBe(0o700);
  });

  it("narrows an existing folder of this user to 0700", () => {
    const dir = join(root(), "athanor");
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    expect(ensurePrivateDir(dir)).toBe(true);
    expect(mode(dir)).toBe(0o700);
  });

  it("refuses a symlink and a file in its place", () => {
    const base = root();
    mkdirSync(join(base, "real"));
    symlinkSync(join(base, "real"), join(base, "link"));
    writeFileSync(join(base, "file"), "");
    expect(ensurePrivateDir(join(base, "link"))).toBe(false);
    expect(ensurePrivateDir(join(base, "file"))).toBe(false);
  });

  it("refuses a folder that belongs to another account, and leaves it as it is", () => {
    const dir = foreignDir();
    const before = mode(dir);
    expect(ensurePrivateDir(dir)).toBe(false);
    expect(mode(dir)).toBe(before);
  });
});

describe("stamp cache files", () => {
  const entries = { "a.ts": [1, 2, 3, 4, "sha256:aa"] as const };

  it("are written 0600 in a 0700 folder and read back", () => {
    const path = join(root(), "cache", "checksums.json");
    writeStampCache(path, "/v", 1, entries);
    expect(mode(path)).toBe(0o600);
    expect(mode(join(path, ".."))).toBe(0o700);
    expect(readStampCache(path, "/v", 1)).toEqual(entries);
  });

  it("are a miss when others can write them or a symlink stands in their place", () => {
    const path = join(root(), "cache", "checksums.json");
    writeStampCache(path, "/v", 1, entries);
    chmodSync(path, 0o666);
    expect(isPrivateFile(path)).toBe(false);
    expect(readStampCache(path, "/v", 1)).toEqual({});

    const link = join(root(), "checksums.json");
    chmodSync(path, 0o600);
    symlinkSync(path, link);
    expect(readStampCache(link, "/v", 1)).toEqual({});
  });

  it("are a miss when another account owns them", () => {
    const path = join(root(), "cache", "checksums.json");
    writeStampCache(path, "/v", 1, entries);
    // root can give the file away; anyone else tries a root-owned file of the system
    if (isRoot) chownSync(path, 65534, 65534);
    expect(readStampCache(isRoot ? path : "/etc/hostname", "/v", 1)).toEqual({});
    expect(isPrivateFile(isRoot ? path : "/etc/hostname")).toBe(false);
  });

  it("are not written into a folder that is not private", () => {
    const base = root();
    mkdirSync(join(base, "real"));
    symlinkSync(join(base, "real"), join(base, "cache"));
    writeStampCache(join(base, "cache", "checksums.json"), "/v", 1, entries);
    expect(() => statSync(join(base, "real", "checksums.json"))).toThrow();
  });
});
