import { chmodSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SchemaModel } from "@athanor/core";
import { describe, expect, test } from "vitest";
import { table } from "../../../../autogenerate/src/testing/model-builders.js";
import { replayKey, replayModelCache } from "./replay-model-cache.js";

const model: SchemaModel = {
  schemas: ["public"],
  tables: [table("t", [], { primaryKey: null })],
  enums: [],
  sequences: [],
};

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), "athanor-replay-cache-"));
  const headers = join(dir, "athanor", "headers-abc.json");
  return { cache: replayModelCache(headers), file: join(dir, "athanor", "replay-abc.json") };
}

describe("the in-memory replay's model cache", () => {
  const key = replayKey(["postgresql", "public"], [["ae10", "c1"]]);

  test("answers the model it wrote under the same key, from a private file", () => {
    const { cache, file } = fresh();
    cache?.write(key, model);
    expect(cache?.read(key)).toEqual(model);
    expect(readFileSync(file, "utf8")).toContain('"format":1');
  });

  test("a revision's checksum, order or the dialect in the key is a miss, never a stale model", () => {
    const { cache } = fresh();
    cache?.write(key, model);
    expect(cache?.read(replayKey(["postgresql", "public"], [["ae10", "c2"]]))).toBeUndefined();
    expect(cache?.read(replayKey(["mysql", "app"], [["ae10", "c1"]]))).toBeUndefined();
    const ab = replayKey(
      ["postgresql", "public"],
      [
        ["a", "2"],
        ["b", "1"],
      ],
    );
    expect(
      replayKey(
        ["postgresql", "public"],
        [
          ["b", "1"],
          ["a", "2"],
        ],
      ),
    ).not.toBe(ab);
  });

  test("an edited model (hash mismatch), a widened file, a symlink or garbage is a miss", () => {
    const { cache, file } = fresh();
    cache?.write(key, model);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"name":"t"', '"name":"u"'));
    expect(cache?.read(key)).toBeUndefined();
    writeFileSync(file, text);
    chmodSync(file, 0o666);
    expect(cache?.read(key)).toBeUndefined();
    chmodSync(file, 0o600);
    expect(cache?.read(key)).toEqual(model);
    writeFileSync(file, "{not json");
    expect(cache?.read(key)).toBeUndefined();
    // a symlink to a well-formed file of the right key is still refused
    cache?.write(key, model);
    renameSync(file, `${file}.real`);
    symlinkSync(`${file}.real`, file);
    expect(cache?.read(key)).toBeUndefined();
  });

  test("no header cache (ATHANOR_NO_CACHE=1) is no replay cache", () => {
    expect(replayModelCache(undefined)).toBeUndefined();
  });
});
