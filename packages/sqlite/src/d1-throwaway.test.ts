import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";

// miniflare is an optional peer: a project without it loads @athanor/sqlite, and only asking for
// a throw-away D1 names the missing package. Proved on the built package copied into a project
// whose node_modules has @athanor/core but no miniflare (the monorepo's own copy is out of reach).
const PACKAGE = resolve(import.meta.dirname, "..");
const project = mkdtempSync(join(tmpdir(), "athanor-no-miniflare-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function installWithoutMiniflare(): string {
  const copy = join(project, "node_modules/@athanor/sqlite");
  mkdirSync(copy, { recursive: true });
  cpSync(join(PACKAGE, "package.json"), join(copy, "package.json"));
  cpSync(join(PACKAGE, "dist"), join(copy, "dist"), { recursive: true });
  const core = realpathSync(join(PACKAGE, "node_modules/@athanor/core"));
  mkdirSync(dirname(join(project, "node_modules/@athanor/core")), { recursive: true });
  symlinkSync(core, join(project, "node_modules/@athanor/core"), "dir");
  return copy;
}

describe("a throw-away D1 without miniflare installed", () => {
  test("@athanor/sqlite loads; d1::memory: fails with ATHANOR_PACKAGE_MISSING naming miniflare and the npm line", () => {
    installWithoutMiniflare();
    const script = `
      const sqlite = await import("@athanor/sqlite");
      const loaded = typeof sqlite.sqliteDialectModule.throwaway.onServer;
      try {
        await sqlite.sqliteDialectModule.throwaway.onServer("d1::memory:", "x", { connectTimeoutMs: 1000, applicationName: "t" });
        console.log(JSON.stringify({ loaded, made: true }));
      } catch (error) {
        console.log(JSON.stringify({ loaded, code: error.code, message: error.message, meta: error.meta }));
      }`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: project,
      encoding: "utf8",
    });
    const result = JSON.parse(out) as { loaded: string; code?: string; message?: string; meta?: unknown };
    expect(result.loaded).toBe("function");
    expect(result.code).toBe("ATHANOR_PACKAGE_MISSING");
    expect(result.meta).toEqual({ package: "miniflare", install: "npm i -D miniflare@3" });
    expect(result.message).toContain("a throw-away Cloudflare D1 database runs on miniflare's local D1");
  });
});
