import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildSampleHistory, ok, runCli, tempDir } from "./testing/harness.js";

async function projectWithBranches(): Promise<string> {
  const cwd = tempDir();
  await ok(cwd, ["init"]);
  await ok(cwd, ["revision", "-m", "one", "--rev-id", "aaa111"]);
  await ok(cwd, ["revision", "-m", "two", "--rev-id", "bbb222"]);
  await ok(cwd, ["revision", "-m", "three", "--head", "aaa111", "--splice", "--rev-id", "ccc333"]);
  return cwd;
}

describe("exit codes and error reports", () => {
  it("exits 2 for usage errors, with one error line and a hint", async () => {
    const cwd = tempDir();
    for (const argv of [["bogus"], ["heads", "--bogus"], ["show"], []]) {
      const result = await runCli(cwd, argv);
      expect(result.code, argv.join(" ")).toBe(2);
    }
    const unknown = await runCli(cwd, ["hed"]);
    expect(unknown.stderr).toBe(
      "error[ATHANOR_USAGE]: Unknown command 'hed'.\n  hint: Did you mean one of heads, help?\n",
    );
  });

  it("ends a usage message with one full stop, also where commander wrote one", async () => {
    const extra = await runCli(tempDir(), ["current", "extra"]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain("Expected 0 arguments but got 1.\n");
    expect(extra.stderr).not.toContain("..");
  });

  it("reports errors as one JSON document in --json mode", async () => {
    const cwd = tempDir();
    const result = await runCli(cwd, ["heads", "--json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const { error } = JSON.parse(result.stdout);
    expect(error.code).toBe("ATHANOR_CONFIG_NOT_FOUND");
    expect(error.meta.cwd).toBe(cwd);
  });

  it("refuses a new revision on several heads, naming them", async () => {
    const cwd = await projectWithBranches();
    const result = await runCli(cwd, ["revision", "-m", "four"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "error[ATHANOR_MULTIPLE_HEADS]: Multiple heads are present (bbb222, ccc333)",
    );
    expect(result.stderr).toContain("hint: pass --head bbb222");
  });

  it("needs --splice to build on a non-head, and accepts it", async () => {
    const cwd = await projectWithBranches();
    const refused = await runCli(cwd, ["revision", "-m", "x", "--head", "aaa"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error\[ATHANOR_NOT_A_HEAD\]: Revision aaa111 is not a head/);
    const spliced = await runCli(cwd, [
      "revision",
      "-m",
      "x",
      "--head",
      "aaa",
      "--splice",
      "--json",
      "--rev-id",
      "ddd444",
    ]);
    expect(JSON.parse(spliced.stdout).revision).toMatchObject({
      id: "ddd444",
      parents: ["aaa111"],
      isHead: true,
    });
  });

  it("merges all heads with `merge heads` and then builds on the merge", async () => {
    const cwd = await projectWithBranches();
    const merged = await runCli(cwd, ["merge", "heads", "--rev-id", "mmm999", "--json"]);
    expect(JSON.parse(merged.stdout).revision).toMatchObject({
      parents: ["bbb222", "ccc333"],
      message: "merge bbb222, ccc333",
      isMergePoint: true,
    });
    const next = await runCli(cwd, ["revision", "-m", "after merge", "--json"]);
    expect(JSON.parse(next.stdout).revision.parents).toEqual(["mmm999"]);
    const single = await runCli(cwd, ["merge", "heads"]);
    expect(single.stderr).toMatch(/^error\[ATHANOR_INVALID_TARGET\]: A merge needs at least two revisions/);
  });

  it("builds on the single real head even when an effective head exists", async () => {
    const cwd = tempDir();
    await buildSampleHistory(cwd);
    const next = await runCli(cwd, ["revision", "-m", "next", "--json"]);
    expect(JSON.parse(next.stdout).revision.parents).toEqual(["53ff6e4a9c01"]);
    const onEffective = await runCli(cwd, ["revision", "-m", "audit more", "--head", "audit", "--json"]);
    expect(JSON.parse(onEffective.stdout).revision.parents).toEqual(["55af2cb1c267"]);
  });

  it("validates --rev-id, labels and dependencies against the graph before writing", async () => {
    const cwd = await projectWithBranches();
    const before = readdirSync(join(cwd, "migrations", "versions")).length;
    const cases: [string[], string][] = [
      [["revision", "-m", "x", "--head", "bbb", "--rev-id", "aaa111"], "ATHANOR_DUPLICATE_REVISION"],
      [["revision", "-m", "x", "--head", "bbb", "--rev-id", "bad/id"], "ATHANOR_REVISION_ID_INVALID"],
      [["revision", "-m", "x", "--head", "bbb", "--depends-on", "nope"], "ATHANOR_UNKNOWN_REVISION"],
      [["revision", "-m", "x", "--head", "heads"], "ATHANOR_INVALID_TARGET"],
      [["revision", "--head", "bbb"], "ATHANOR_USAGE"],
    ];
    for (const [argv, code] of cases) {
      const result = await runCli(cwd, [...argv, "--json"]);
      expect(JSON.parse(result.stdout).error.code, argv.join(" ")).toBe(code);
    }
    expect(readdirSync(join(cwd, "migrations", "versions"))).toHaveLength(before);
  });

  it("refuses a bad --branch-label without naming a file it never wrote", async () => {
    const cwd = await projectWithBranches();
    const before = readdirSync(join(cwd, "migrations", "versions"));
    const result = await runCli(cwd, [
      "revision",
      "-m",
      "x",
      "--head",
      "bbb",
      "--rev-id",
      "ddd444",
      "--branch-label",
      "lab el",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error\[ATHANOR_BRANCH_LABEL_INVALID\]: Branch label "lab el" of revision 'ddd444' contains/,
    );
    expect(result.stderr).not.toMatch(/ddd444_x\.ts/);
    expect(readdirSync(join(cwd, "migrations", "versions"))).toEqual(before);
  });

  it("names the broken revision file without a stack trace, and shows the stack with ATHANOR_DEBUG=1", async () => {
    const cwd = tempDir();
    await ok(cwd, ["init"]);
    writeFileSync(
      join(cwd, "migrations", "versions", "x.ts"),
      "export default defineRevision({ id: make(), upgrade() {}, downgrade() {} });",
    );
    const plain = await runCli(cwd, ["heads"]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(
      /^error\[ATHANOR_REVISION_FILE_INVALID\]: .*x\.ts:1:37: the header field "id" is not a literal/,
    );
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCli(cwd, ["heads"], { env: { ATHANOR_DEBUG: "1" } });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it("init refuses to overwrite", async () => {
    const cwd = tempDir();
    await ok(cwd, ["init"]);
    const again = await runCli(cwd, ["init", "--json"]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.code).toBe("ATHANOR_ALREADY_INITIALISED");
  });
});

describe("config discovery", () => {
  it("walks up from a subfolder and honours --config", async () => {
    const cwd = tempDir();
    await ok(cwd, ["init", "--versions", "db/revs"]);
    await ok(cwd, ["revision", "-m", "one", "--rev-id", "r1"]);
    const sub = join(cwd, "src", "deep");
    mkdirSync(sub, { recursive: true });
    expect(JSON.parse((await runCli(sub, ["heads", "--json"])).stdout).heads[0].file).toBe(
      "../../db/revs/r1_one.ts",
    );
    const other = tempDir();
    const explicit = await runCli(other, ["--config", join(cwd, "athanor.config.ts"), "heads"]);
    expect(explicit.stdout).toBe("r1 (head), one\n");
  });

  it("loads a plain .mjs config without a TypeScript loader and rejects unknown fields", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "revs"));
    writeFileSync(join(cwd, "athanor.config.mjs"), 'export default { versions: "revs" };\n');
    expect((await runCli(cwd, ["heads"])).code).toBe(0);
    // A new file name: Node caches ESM by URL.
    writeFileSync(join(cwd, "typo.mjs"), 'export default { version: "revs" };\n');
    const typo = await runCli(cwd, ["heads", "--config", "typo.mjs", "--json"]);
    expect(JSON.parse(typo.stdout).error).toMatchObject({
      code: "ATHANOR_CONFIG_INVALID",
      meta: { field: "version" },
    });
  });
});

describe("the real bin", () => {
  it("runs `athanor heads` as a process with the documented exit codes", () => {
    const bin = fileURLToPath(new URL("../bin.js", import.meta.url));
    const cwd = tempDir();
    const init = spawnSync(process.execPath, [bin, "init", "--dialect", "mysql"], { cwd, encoding: "utf8" });
    expect(init.status).toBe(0);
    spawnSync(process.execPath, [bin, "revision", "-m", "first", "--rev-id", "f1"], {
      cwd,
      encoding: "utf8",
    });
    const heads = spawnSync(process.execPath, [bin, "heads"], { cwd, encoding: "utf8" });
    expect(heads.stdout).toBe("f1 (head), first\n");
    expect(heads.status).toBe(0);
    const usage = spawnSync(process.execPath, [bin, "heads", "--nope"], { cwd, encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("error[ATHANOR_USAGE]");
  });
});
