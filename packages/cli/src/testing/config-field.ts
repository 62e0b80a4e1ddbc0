import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Adds a field to the `defineConfig` of a project `athanor init` wrote, after `versions`.
 *
 * @example
 * ```ts
 * addConfigField(dir, 'mysql: { serverVersion: "8.0.36" }');
 * ```
 */
export function addConfigField(dir: string, field: string): void {
  const config = join(dir, "athanor.config.ts");
  writeFileSync(
    config,
    readFileSync(config, "utf8").replace(
      'versions: "migrations/versions",',
      `versions: "migrations/versions",\n  ${field},`,
    ),
  );
}
