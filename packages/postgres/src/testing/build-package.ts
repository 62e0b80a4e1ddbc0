import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The package folder (where package.json is). */
export const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Brings `dist/` up to date (`tsc -b`, incremental: fast when nothing changed, then the bundles of
 * the packages it references, scripts/build-package.mjs), for tests that spawn plain `node`
 * processes importing the built package.
 *
 * @example
 * ```ts
 * beforeAll(() => buildPackage(), 120_000);
 * ```
 */
export async function buildPackage(): Promise<void> {
  // Test files run in parallel workers; two tsc -b writing dist/ at once could hand a child a
  // half-written file, so builds take turns (mkdir is atomic).
  const lock = join(
    tmpdir(),
    `athanor-build-${createHash("sha256").update(PACKAGE_DIR).digest("hex").slice(0, 12)}`,
  );
  const started = Date.now();
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
      if (Date.now() - started > 120_000) await rm(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    await compile();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function compile(): Promise<void> {
  const build = fileURLToPath(new URL("../../../../scripts/build-package.mjs", import.meta.url));
  try {
    await promisify(execFile)(process.execPath, [build, PACKAGE_DIR], { cwd: PACKAGE_DIR });
  } catch (error) {
    // the script passes tsc's compile errors on to stderr; without them the failure says nothing
    const { stderr = "" } = error as { stderr?: string };
    throw new Error(
      `the build failed in ${PACKAGE_DIR} (the spawned processes need dist/):\n${stderr.slice(0, 4000)}`,
    );
  }
}

/**
 * Runs `node <script> ...args` and resolves with its stdout; rejects with its stderr on a
 * non-zero exit.
 *
 * @example
 * ```ts
 * const out = await runNode("src/testing/lock-race-child.mjs", [url, key]);
 * ```
 */
export function runNode(script: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd: PACKAGE_DIR, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${script} failed: ${stderr || error.message}`));
        else resolve(stdout);
      },
    );
  });
}
