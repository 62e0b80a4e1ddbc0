import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { RevisionImporter } from "../revision/load-revision-module.js";
import { fileChecksum } from "./checksum.js";
import { FileOpCache, type RevisionDependencies } from "./op-cache.js";
import { decodePlainData, encodePlainData, InvalidPlainData } from "./plain-data.js";
import { renderSql } from "./render-sql.js";
import { pgliteTestDialect } from "./testing/pglite-test-dialect.js";

// The op cache serves a revision's recorded operations instead of importing its module, only
// while everything it was keyed by is unchanged, and treats its file as hostile input.

const dialect = pgliteTestDialect({
  query: () => Promise.reject(new Error("offline: no queries")),
  exec: () => Promise.reject(new Error("offline: no statements")),
});

/** `.mjs` revision text (a local defineRevision: a temporary folder cannot resolve @athanor/core). */
function revisionText(
  id: string,
  parents: readonly string[],
  up: string,
  down = `op.execute("DROP TABLE t_${id}");`,
) {
  return [
    `const defineRevision = (definition) => definition;`,
    `export default defineRevision({`,
    `  id: ${JSON.stringify(id)},`,
    `  parents: ${JSON.stringify(parents)},`,
    `  async upgrade(op) { ${up} },`,
    `  downgrade(op) { ${down} },`,
    `});`,
    ``,
  ].join("\n");
}

interface Project {
  readonly versions: string;
  readonly cacheFile: string;
  /** Files each revision "imports", as its importer would report them. */
  readonly deps: Map<string, RevisionDependencies>;
  /** Every importer call, in order (a revision may be asked for twice: placeholders, then its run). */
  readonly imported: string[];
  readonly importer: RevisionImporter;
  write(id: string, parents: readonly string[], up: string): string;
}

// a → {b, c} → d (merge), with lock settings, a backfill-free mix of statements
function project(): Project {
  const root = mkdtempSync(join(tmpdir(), "athanor-op-cache-"));
  const versions = join(root, "versions");
  mkdirSync(versions);
  const imported: string[] = [];
  const p: Project = {
    versions,
    cacheFile: join(root, "cache", "ops-test.json"),
    deps: new Map(),
    imported,
    // a query string per text, so Node's module cache never hands back an edited file's old module
    importer: (file, expected) => {
      imported.push(file);
      return import(`${pathToFileURL(file).href}?${expected?.checksum ?? ""}`);
    },
    write(id, parents, up) {
      const file = join(versions, `${id}_rev.mjs`);
      writeFileSync(file, revisionText(id, parents, up));
      return file;
    },
  };
  p.write("a0", [], `op.lockRetry({ lockTimeoutMs: 1234 }); op.execute("CREATE TABLE t_a0 (id int)");`);
  p.write(
    "b0",
    ["a0"],
    `op.execute("CREATE TABLE t_b0 (id int)"); op.execute("INSERT INTO t_b0 VALUES (1)");`,
  );
  p.write("c0", ["a0"], `for (const n of [1, 2, 3]) op.execute("CREATE TABLE t_c0_" + n + " (id int)");`);
  p.write("d0", ["b0", "c0"], `op.lockRetry(false); op.execute("CREATE TABLE t_d0 (id int)");`);
  return p;
}

function cacheOf(p: Project): FileOpCache {
  return FileOpCache.open(p.cacheFile, p.versions, {
    version: "test",
    dependencies: (file) => p.deps.get(file) ?? { files: [] },
  });
}

async function render(p: Project, cached: boolean, range = "base:heads") {
  p.imported.length = 0;
  const { text } = await renderSql(
    {
      dialect,
      revisions: p.versions,
      importer: p.importer,
      ...(cached ? { opCache: cacheOf(p) } : {}),
    },
    { direction: range.startsWith("heads") ? "downgrade" : "upgrade", range },
  );
  // history rows carry a fresh run id each time
  return text.replace(/'[0-9a-f-]{36}'/g, "'<run>'");
}

describe("FileOpCache through renderSql", () => {
  test("a second render imports no revision and prints the same script; the file is private", async () => {
    const p = project();
    const plain = await render(p, false);
    expect(await render(p, true)).toBe(plain);
    expect(new Set(p.imported).size).toBe(4);
    expect(await render(p, true)).toBe(plain);
    expect(p.imported).toEqual([]);
    expect(statSync(p.cacheFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(p.cacheFile, "..")).mode & 0o777).toBe(0o700);
    // downgrades are recorded apart, and served apart
    const down = await render(p, false, "heads:base");
    expect(await render(p, true, "heads:base")).toBe(down);
    expect(await render(p, true, "heads:base")).toBe(down);
    expect(p.imported).toEqual([]);
  });

  test("an edited revision is imported again and its new operations are printed", async () => {
    const p = project();
    await render(p, true);
    const file = p.write("c0", ["a0"], `op.execute("CREATE TABLE t_c0_edited (id int)");`);
    const edited = await render(p, true);
    expect([...new Set(p.imported)]).toEqual([file]);
    expect(edited).toContain("t_c0_edited");
    expect(edited).not.toContain("t_c0_1");
    expect(await render(p, false)).toBe(edited);
  });

  test("a changed helper file invalidates the revisions that read it; opaque reads are never stored", async () => {
    const p = project();
    const helper = join(p.versions, "..", "helper.txt");
    writeFileSync(helper, "one");
    const b0 = join(p.versions, "b0_rev.mjs");
    const c0 = join(p.versions, "c0_rev.mjs");
    p.deps.set(b0, { files: [[helper, fileChecksum("one")]] });
    p.deps.set(c0, { files: [], opaque: "it imports node:fs" });
    await render(p, true);
    await render(p, true);
    expect([...new Set(p.imported)]).toEqual([c0]);
    writeFileSync(helper, "two");
    await render(p, true);
    expect([...new Set(p.imported)].sort()).toEqual([b0, c0].sort());
  });

  test("a revision that asks the database is neither rendered nor recorded", async () => {
    const p = project();
    p.write("e0", ["d0"], `await op.query("SELECT 1");`);
    await expect(render(p, true)).rejects.toMatchObject({ code: "ATHANOR_UNSUPPORTED" });
    await expect(render(p, true)).rejects.toMatchObject({ code: "ATHANOR_UNSUPPORTED" });
    expect(p.imported).toContain(join(p.versions, "e0_rev.mjs"));
  });
});

describe("a hostile cache file", () => {
  test("truncated, garbage, another account's mode or a tampered entry: a miss, never a crash", async () => {
    const p = project();
    const plain = await render(p, false);
    await render(p, true);
    const good = readFileSync(p.cacheFile, "utf8");

    writeFileSync(p.cacheFile, good.slice(0, good.length / 2), { mode: 0o600 });
    expect(await render(p, true)).toBe(plain);
    expect(new Set(p.imported).size).toBe(4);

    writeFileSync(p.cacheFile, good);
    chmodSync(p.cacheFile, 0o666);
    expect(await render(p, true)).toBe(plain);
    expect(new Set(p.imported).size).toBe(4);

    // one recording changed, its hash left as it was: that entry alone is a miss
    const file = JSON.parse(good) as {
      entries: Record<string, [string, unknown, string, string]>;
      payloads: Record<string, string>;
    };
    const name = Object.keys(file.entries).find((n) => n.startsWith("b0\u0000")) as string;
    const key = (file.entries[name] as [string, unknown, string, string])[2];
    file.payloads[key] = (file.payloads[key] as string).replace(
      "INSERT INTO t_b0 VALUES (1)",
      "DROP TABLE precious",
    );
    writeFileSync(p.cacheFile, JSON.stringify(file), { mode: 0o600 });
    const served = await render(p, true);
    expect(served).toBe(plain);
    expect(served).not.toContain("precious");
    expect([...new Set(p.imported)]).toEqual([join(p.versions, "b0_rev.mjs")]);
  });

  test("an entry re-hashed to name a device as an imported file is a miss, never a read of it", async () => {
    const p = project();
    const plain = await render(p, false);
    await render(p, true);
    const file = JSON.parse(readFileSync(p.cacheFile, "utf8")) as {
      entries: Record<string, [string, [string, string][], string, string]>;
    };
    const name = Object.keys(file.entries).find((n) => n.startsWith("a0\u0000")) as string;
    const [checksum, , payloadKey] = file.entries[name] as [string, [string, string][], string, string];
    const files: [string, string][] = [["/dev/zero", fileChecksum("")]];
    const hash = createHash("sha256").update(`${checksum}\n${JSON.stringify(files)}\n${payloadKey}`);
    file.entries[name] = [checksum, files, payloadKey, hash.digest("hex")];
    writeFileSync(p.cacheFile, JSON.stringify(file), { mode: 0o600 });
    expect(await render(p, true)).toBe(plain);
    expect([...new Set(p.imported)]).toEqual([join(p.versions, "a0_rev.mjs")]);
  });

  test("property: any byte-level damage to the file leaves the script unchanged", async () => {
    const p = project();
    const plain = await render(p, false);
    await render(p, true);
    const good = readFileSync(p.cacheFile);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (edits, cut) => {
          const damaged = Buffer.from(good);
          for (const [at, byte] of edits) damaged[at % damaged.length] = byte;
          const bytes = cut === undefined ? damaged : damaged.subarray(0, cut % damaged.length);
          writeFileSync(p.cacheFile, bytes, { mode: 0o600 });
          expect(await render(p, true)).toBe(plain);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("plain data", () => {
  const plainValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.constant(undefined),
      fc.constant(null),
      fc.boolean(),
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      fc.array(tie("value")),
      fc.dictionary(
        fc.string().filter((k) => k !== "__proto__" && k !== "\u0000"),
        tie("value"),
        { noNullPrototype: true },
      ),
    ),
  })).value;

  test("property: what encodes decodes to an equal value, through JSON", () => {
    fc.assert(
      fc.property(plainValue, (value) => {
        const decoded = decodePlainData(JSON.parse(JSON.stringify(encodePlainData(value))));
        expect(decoded).toStrictEqual(value);
      }),
    );
  });

  test("property: any JSON decodes or is refused as InvalidPlainData, never reaching a prototype", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          decodePlainData(json);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidPlainData);
        }
      }),
    );
    expect(() => decodePlainData(JSON.parse('{"__proto__": {"polluted": 1}}'))).toThrow(InvalidPlainData);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("what cannot be stored exactly is refused", () => {
    const sparse: unknown[] = [];
    sparse[2] = 3;
    for (const value of [() => 1, new Date(0), 1n, Number.NaN, -0, sparse, { [Symbol("s")]: 1 }])
      expect(() => encodePlainData(value)).toThrow();
  });
});
