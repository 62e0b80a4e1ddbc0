import { AthanorError } from "../errors.js";

/**
 * What a missing optional package is needed for, and which packages to install to get it.
 *
 * @example
 * ```ts
 * const need: PeerNeed = { install: ["@athanor/mysql", "mysql2"], purpose: "the config selects MySQL" };
 * ```
 */
export interface PeerNeed {
  /** Packages for the `npm i` line, in order; the missing one first. */
  readonly install: readonly string[];
  /** Why athanor needs it, finishing "… is not installed, but …". */
  readonly purpose: string;
  /** A development dependency (test helpers): `npm i -D`. */
  readonly dev?: boolean | undefined;
}

/**
 * Runs a dynamic `import()` of an optional package and turns "not installed" into
 * ATHANOR_PACKAGE_MISSING with the exact `npm i` line. The import runs in the caller's module
 * (the thunk), so the package resolves from where the caller is installed, not from core.
 * Any other failure of the import (a syntax error inside the package) is rethrown as it is.
 *
 * @example
 * ```ts
 * const pg = await importPeer(() => import("@athanor/postgres"), "@athanor/postgres", {
 *   install: ["@athanor/postgres", "postgres"],
 *   purpose: "the config selects PostgreSQL",
 * });
 * ```
 */
export async function importPeer<T>(load: () => Promise<T>, specifier: string, need: PeerNeed): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, specifier)) throw error;
    const line = `npm i ${need.dev ? "-D " : ""}${need.install.join(" ")}`;
    throw new AthanorError(
      "ATHANOR_PACKAGE_MISSING",
      `The package ${packageName(specifier)} is not installed, but ${need.purpose}. Install it next to athanor: ${line}`,
      { package: packageName(specifier), install: line },
      { cause: error },
    );
  }
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

// Only the requested package counts as missing: a package that is present but lacks one of its
// own dependencies is a broken install, reported as it is.
function isMissing(error: unknown, specifier: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  const message = String((error as { message?: unknown }).message ?? "");
  return message.includes(`'${packageName(specifier)}'`) || message.includes(`"${packageName(specifier)}"`);
}
