import { existsSync, statSync } from "node:fs";
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

/** Set to `1` to load a config from a folder (or a file) that other users may write to. */
export const ALLOW_UNSAFE_CONFIG = "ATHANOR_ALLOW_UNSAFE_CONFIG";

/** Files or folders whose presence marks a project's root: the search for a config stops there. */
const PROJECT_ROOT_MARKERS = ["package.json", ".git", ".hg", ".svn", ".jj"] as const;

/**
 * Finds the config file: `explicit` (relative to `cwd`) when given, otherwise the first
 * `athanor.config.{ts,mts,js,mjs}` in `cwd` or a folder above it up to the project root — the
 * nearest folder with a `package.json` or a VCS root (`.git`, `.hg`, `.svn`, `.jj`), as
 * drizzle-kit and most tools stop; in a folder without one, a
 * `drizzle.config.{ts,mts,js,mjs,json}` stands in for it. A config is code that runs, so one in
 * a folder other users can write to (or itself writable by them) is refused unless
 * `ATHANOR_ALLOW_UNSAFE_CONFIG=1`. Throws ATHANOR_CONFIG_NOT_FOUND or ATHANOR_CONFIG_UNSAFE.
 *
 * @example
 * ```ts
 * findConfig("/repo/src/db"); // "/repo/athanor.config.ts"
 * ```
 */
export function findConfig(
  cwd: string,
  explicit?: string,
  env: Readonly<Record<string, string | undefined>> = {},
): string {
  const allowUnsafe = env[ALLOW_UNSAFE_CONFIG] === "1";
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    if (existsSync(file)) return checkConfigSafe(file, allowUnsafe);
    throw new AthanorError(
      "ATHANOR_CONFIG_NOT_FOUND",
      `The config file ${file} given with --config does not exist.`,
      {
        file,
      },
    );
  }
  let dir = resolve(cwd);
  for (;;) {
    for (const name of [...CONFIG_NAMES, ...DRIZZLE_CONFIG_NAMES]) {
      const file = join(dir, name);
      if (existsSync(file)) return checkConfigSafe(file, allowUnsafe);
    }
    if (PROJECT_ROOT_MARKERS.some((marker) => existsSync(join(dir, marker)))) break;
    if (dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  throw new AthanorError(
    "ATHANOR_CONFIG_NOT_FOUND",
    `No athanor.config.ts (or .mts/.js/.mjs) or drizzle.config.ts was found in ${resolve(cwd)} or a folder above it up to the project root ${dir} (the search stops at the nearest package.json or VCS root).`,
    {
      cwd: resolve(cwd),
      projectRoot: dir,
      hint: "run `athanor init` to create one, or pass --config <path>",
    },
  );
}

/**
 * Refuses a config that another user could have written: the file, or the folder that holds it,
 * is writable by others (a shared `/tmp`, a world-writable checkout).
 */
function checkConfigSafe(file: string, allowUnsafe: boolean): string {
  for (const path of [dirname(file), file]) {
    const mode = statSync(path).mode;
    if ((mode & 0o002) === 0) continue;
    if (allowUnsafe) return file;
    const what = path === file ? "the file itself" : `its folder ${path}`;
    throw new AthanorError(
      "ATHANOR_CONFIG_UNSAFE",
      `Refusing to load ${file}: ${what} is writable by every user (mode ${(mode & 0o7777).toString(8)}), so anyone could have put code there, and loading a config runs it. Move the config into your project, remove the write permission (\`chmod o-w ${path}\`), or set ${ALLOW_UNSAFE_CONFIG}=1 if you trust it. Nothing was run.`,
      {
        file,
        path,
        mode: (mode & 0o7777).toString(8),
        hint: `set ${ALLOW_UNSAFE_CONFIG}=1 to load it anyway`,
      },
    );
  }
  return file;
}
