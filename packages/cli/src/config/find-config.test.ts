import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../testing/harness.js";

// Issue 14 item 4: a config is code that runs. The search for one stops at the project root, and
// a config that other users could have written is refused unless the user says otherwise.
const MARKER = "config-was-run";

/** A config that leaves a file behind when it runs, so a test sees whether it was executed. */
function plantConfig(dir: string): void {
  writeFileSync(
    join(dir, "athanor.config.mjs"),
    `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(join(dir, MARKER))}, "");\nexport default { dialect: "postgresql", versions: "versions" };\n`,
  );
  mkdirSync(join(dir, "versions"), { recursive: true });
}

async function heads(cwd: string, env: Record<string, string> = {}) {
  const run = await runCli(cwd, ["heads", "--json"], { env });
  return { code: run.code, error: run.code === 0 ? undefined : JSON.parse(run.stdout).error };
}

describe("config search", () => {
  it("finds the config of the project from a folder inside it", async () => {
    const project = tempDir("athanor-find-");
    writeFileSync(join(project, "package.json"), "{}\n");
    plantConfig(project);
    mkdirSync(join(project, "src", "db"), { recursive: true });
    expect((await heads(join(project, "src", "db"))).code).toBe(0);
  });

  it("stops at the nearest package.json or VCS root: a config above it is never run", async () => {
    for (const marker of ["package.json", ".git"]) {
      const outer = tempDir("athanor-find-");
      plantConfig(outer);
      const project = join(outer, "project");
      mkdirSync(project);
      if (marker === ".git") mkdirSync(join(project, ".git"));
      else writeFileSync(join(project, marker), "{}\n");
      const run = await heads(project);
      expect(run.error?.code).toBe("ATHANOR_CONFIG_NOT_FOUND");
      expect(run.error?.meta.projectRoot).toBe(project);
      expect(existsSync(join(outer, MARKER))).toBe(false);
    }
  });

  it("refuses a config in a world-writable folder, such as one planted in /tmp, unless allowed", async () => {
    const shared = tempDir("athanor-find-");
    chmodSync(shared, 0o1777);
    plantConfig(shared);
    const project = join(shared, "project");
    mkdirSync(project);
    const refused = await heads(project);
    expect(refused.code).toBe(1);
    expect(refused.error?.code).toBe("ATHANOR_CONFIG_UNSAFE");
    expect(refused.error?.meta).toMatchObject({ path: shared, mode: "1777" });
    expect(existsSync(join(shared, MARKER))).toBe(false);

    expect((await heads(project, { ATHANOR_ALLOW_UNSAFE_CONFIG: "1" })).code).toBe(0);
    expect(existsSync(join(shared, MARKER))).toBe(true);
  });

  it("refuses a config file that every user may write, also when named with --config", async () => {
    const project = tempDir("athanor-find-");
    plantConfig(project);
    chmodSync(join(project, "athanor.config.mjs"), 0o666);
    for (const argv of [
      ["heads", "--json"],
      ["--config", "athanor.config.mjs", "heads", "--json"],
    ]) {
      const run = await runCli(project, argv);
      expect(JSON.parse(run.stdout).error.code).toBe("ATHANOR_CONFIG_UNSAFE");
    }
    expect(existsSync(join(project, MARKER))).toBe(false);
  });
});
