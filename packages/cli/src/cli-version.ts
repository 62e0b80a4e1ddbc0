import { readFileSync } from "node:fs";
import { packageRoot } from "./package-root.js";

let cachedVersion: string | undefined;

/**
 * This CLI's version, from its package.json (read once).
 *
 * @example
 * ```ts
 * cliVersion(); // "0.9.0"
 * ```
 */
export function cliVersion(): string {
  cachedVersion ??= (
    JSON.parse(readFileSync(new URL("package.json", packageRoot(import.meta.url)), "utf8")) as {
      version: string;
    }
  ).version;
  return cachedVersion;
}
