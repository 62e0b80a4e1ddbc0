import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";

// Issue 14 item 12: an unreadable revision file or versions folder is ATHANOR_FILE_ACCESS naming
// the path, never ATHANOR_INTERNAL. Root reads any file whatever its mode through two capabilities,
// so as root (the test machine) the CLI runs with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped
// from its bounding set: it stays the files' owner and the mode alone denies it, wherever the clone
// lives (running as `nobody` instead failed when the clone sat under a 0700 folder nobody cannot
// enter). As any other user the mode alone denies. A control run before the mode change shows the
// same process can otherwise read the project.
const BIN = fileURLToPath(new URL("../../bin.js", import.meta.url));
const MODULES = fileURLToPath(new URL("../../node_modules", import.meta.url));
const asRoot = process.getuid?.() === 0;

let project: string;
let home: string;

const revision = (id: string, parents: string[]) =>
  [
    'import { defineRevision } from "@athanor/core";',
    "export default defineRevision({",
    `  id: ${JSON.stringify(id)},`,
    `  parents: ${JSON.stringify(parents)},`,
    `  message: "revision ${id}",`,
    "  upgrade(op) { void op; },",
    "  downgrade(op) { void op; },",
    "});",
    "",
  ].join("\n");

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "athanor-eacces-"));
  home = mkdtempSync(join(tmpdir(), "athanor-eacces-home-"));
  mkdirSync(join(project, "migrations", "versions"), { recursive: true });
  symlinkSync(MODULES, join(project, "node_modules"), "dir");
  writeFileSync(
    join(project, "athanor.config.mjs"),
    'export default { dialect: "postgresql", versions: "migrations/versions" };\n',
  );
  writeFileSync(join(project, "migrations", "versions", "a1_first.ts"), revision("a1a1a1a1a1a1", []));
  writeFileSync(
    join(project, "migrations", "versions", "b2_second.ts"),
    revision("b2b2b2b2b2b2", ["a1a1a1a1a1a1"]),
  );
});

afterEach(() => {
  // leave the temp folders removable
  chmodSync(join(project, "migrations", "versions"), 0o755);
  chmodSync(join(project, "migrations", "versions", "b2_second.ts"), 0o644);
  rmSync(project, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/** `athanor history --json` as a process the file modes bind. */
function historyAsUser(): Promise<{ code: number; stdout: string; stderr: string }> {
  const argv = [process.execPath, BIN, "history", "--json"];
  const [file, ...args] = asRoot
    ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", ...argv]
    : argv;
  return new Promise((resolve) => {
    execFile(
      file as string,
      args,
      { cwd: project, env: { PATH: process.env.PATH ?? "", HOME: home, TMPDIR: home, NO_COLOR: "1" } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it.each([
  ["an unreadable revision file", "migrations/versions/b2_second.ts", 0o000],
  ["an unreadable versions folder", "migrations/versions", 0o000],
  ["a versions folder that can be listed but not entered", "migrations/versions", 0o644],
])(
  "%s is ATHANOR_FILE_ACCESS naming the path, for a user the mode denies",
  async (_, path, mode) => {
    const control = await historyAsUser();
    expect(control.code, `the user can read the project otherwise: ${control.stderr}`).toBe(0);
    expect(
      JSON.parse(control.stdout)
        .revisions.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual(["a1a1a1a1a1a1", "b2b2b2b2b2b2"]);

    chmodSync(join(project, path), mode);
    const denied = await historyAsUser();
    expect(denied.code, denied.stderr).toBe(1);
    const error = JSON.parse(denied.stdout).error as {
      code: string;
      message: string;
      meta: Record<string, unknown>;
    };
    expect(error.code).toBe("ATHANOR_FILE_ACCESS");
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/permission denied \(EACCES\)/);
    expect(error.meta.errno).toBe("EACCES");
    expect(`${denied.stdout}${denied.stderr}`).not.toContain("ATHANOR_INTERNAL");
  },
  60_000,
);
