import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The package folder and its `bin.js`, for tests that spawn the built CLI. */
export const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = fileURLToPath(new URL("../../bin.js", import.meta.url));

/**
 * Brings `dist/` (and the packages it references) up to date — `tsc -b` and the bundles
 * (scripts/build-package.mjs) — so spawned processes run the code under test.
 *
 * @example
 * ```ts
 * beforeAll(() => buildCli(), 180_000);
 * ```
 */
export async function buildCli(): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [fileURLToPath(new URL("../../../../scripts/build-package.mjs", import.meta.url)), PACKAGE_DIR],
    { cwd: PACKAGE_DIR },
  );
}

/** Runs `node bin.js ...argv` in `cwd` and resolves with its exit code and output (never rejects). */
export function spawnCli(
  cwd: string,
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      // NODE_DEBUG=esm logs of a whole command run to megabytes (execFile stops at 1 MB by default)
      { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 120_000, maxBuffer: 1 << 28 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
