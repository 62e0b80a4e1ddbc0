import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AthanorError } from "@athanor/core/errors";

/** Config file names, in the order they are looked for in each folder. */
export const CONFIG_NAMES = [
  "athanor.config.ts",
  "athanor.config.mts",
  "athanor.config.js",
  "athanor.config.mjs",
] as const;

/** drizzle-kit's config names: used when a folder has no athanor config (adopting a drizzle-kit project). */
export const DRIZZLE_CONFIG_NAMES = [
  "drizzle.config.ts",
  "drizzle.config.mts",
  "drizzle.config.js",
  "drizzle.config.mjs",
  "drizzle.config.json",
] as const;

/**
 * Finds the config file: `explicit` (relative to `cwd`) when given, otherwise the first
 * `athanor.config.{ts,mts,js,mjs}` in `cwd` or the nearest folder above it; in a folder without
 * one, a `drizzle.config.{ts,mts,js,mjs,json}` stands in for it.
 * Throws ATHANOR_CONFIG_NOT_FOUND.
 *
 * @example
 * ```ts
 * findConfig("/repo/src/db"); // "/repo/athanor.config.ts"
 * ```
 */
export function findConfig(cwd: string, explicit?: string): string {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    if (existsSync(file)) return file;
    throw new AthanorError(
      "ATHANOR_CONFIG_NOT_FOUND",
      `The config file ${file} given with --config does not exist.`,
      {
        file,
      },
    );
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of [...CONFIG_NAMES, ...DRIZZLE_CONFIG_NAMES]) {
      const file = join(dir, name);
      if (existsSync(file)) return file;
    }
    if (dirname(dir) === dir) break;
  }
  throw new AthanorError(
    "ATHANOR_CONFIG_NOT_FOUND",
    `No athanor.config.ts (or .mts/.js/.mjs) or drizzle.config.ts was found in ${resolve(cwd)} or any folder above it.`,
    { cwd: resolve(cwd), hint: "run `athanor init` to create one, or pass --config <path>" },
  );
}
