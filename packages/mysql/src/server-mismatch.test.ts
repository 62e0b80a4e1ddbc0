import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseServerVersion } from "./server.js";
import { RENDERING_BOUNDARIES, serverMismatch } from "./server-mismatch.js";

/** Every non-test source file of this package. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")
        ? [join(dir, e.name)]
        : [],
  );
}

const pad = (v: readonly number[]) => [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0].join(".");

describe("serverMismatch", () => {
  it("lists every version the renderer and the lint rules compare the server with", () => {
    const found = new Set<string>();
    for (const file of sources(import.meta.dirname)) {
      if (file.endsWith("server-mismatch.ts") || file.endsWith("server.ts")) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\batLeast\([^,()]+,\s*(\d+)(?:,\s*(\d+))?(?:,\s*(\d+))?\)/g))
        found.add(pad(m.slice(1).filter(Boolean).map(Number)));
      // a plain versionAtLeast(dialect, 8, 0, 29) would need listing too
      for (const m of text.matchAll(/versionAtLeast\(\w+,\s*(\d+)(?:,\s*(\d+))?(?:,\s*(\d+))?\)/g))
        found.add(pad(m.slice(1).filter(Boolean).map(Number)));
      for (const m of text.matchAll(/versionAtLeast\([^;]*?\?\s*\[([\d,\s]+)\]\s*:\s*\[([\d,\s]+)\]/g))
        for (const list of [m[1], m[2]]) found.add(pad((list ?? "").split(",").map(Number)));
    }
    const listed = Object.values(RENDERING_BOUNDARIES).flatMap((b) => b.map(pad));
    expect([...found].sort()).toEqual([...listed].sort());
  });

  it.each([
    ["8.0.16", "10.11.6-MariaDB", true],
    ["8.0.0", "8.0.30", true],
    ["8.0.16", "8.0.28", false],
    ["10.11.2-MariaDB", "10.11.6-MariaDB", false],
    ["10.3.39-MariaDB", "10.11.6-MariaDB", true],
  ])("config %s, server %s: warns %s", (named, connected, warns) => {
    const warning = serverMismatch(parseServerVersion(named), parseServerVersion(connected));
    expect(warning?.code).toBe(warns ? "ATHANOR_SERVER_VERSION_MISMATCH" : undefined);
  });

  it("says nothing when no exact version was named", () => {
    expect(serverMismatch(undefined, parseServerVersion("10.11.6-MariaDB"))).toBeUndefined();
  });
});
