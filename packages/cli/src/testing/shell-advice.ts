import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The built CLI's entry point. */
export const CLI_BIN = join(import.meta.dirname, "../../bin.js");

/**
 * Runs a command line athanor suggested in a real `sh -c`, as a user pastes it, with `athanor`
 * on the PATH being the built CLI (a shim in `project/bin`).
 *
 * @example
 * ```ts
 * const { code, out } = inShell(project, "athanor stamp r4 --fleet f --target 'a b'");
 * ```
 */
export function inShell(project: string, line: string): { code: number; out: string } {
  const bin = join(project, "bin");
  mkdirSync(bin, { recursive: true });
  const shim = join(bin, "athanor");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI_BIN}" "$@"\n`);
  chmodSync(shim, 0o755);
  try {
    const out = execFileSync("sh", ["-c", line], {
      cwd: project,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { code: 0, out };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}
