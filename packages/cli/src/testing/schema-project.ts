import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CliResult, runCli, tempDir } from "./harness.js";

/** A temporary project whose config names `schema.ts`, with drizzle-orm reachable from it. */
export interface SchemaProject {
  readonly dir: string;
  /** Replaces the Drizzle schema module. */
  schema(text: string): void;
  cli(...argv: string[]): Promise<CliResult>;
}

/**
 * `athanor init --dialect <dialect>` in a fresh folder, with `schema: "schema.ts"` in the config.
 *
 * @example
 * ```ts
 * const p = await schemaProject("postgresql", backend.env());
 * p.schema(`export const t = pgTable("t", { id: integer("id").primaryKey() });`);
 * await p.cli("migrate", "-m", "create t");
 * ```
 */
export async function schemaProject(
  dialect: "postgresql" | "mysql",
  env: Record<string, string>,
): Promise<SchemaProject> {
  const dir = tempDir("athanor-schema-");
  // The schema module imports drizzle-orm from the project, as in a real one.
  symlinkSync(join(import.meta.dirname, "../../node_modules"), join(dir, "node_modules"), "dir");
  const cli = (...argv: string[]) => runCli(dir, argv, { env });
  const init = await cli("init", "--dialect", dialect);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const config = join(dir, "athanor.config.ts");
  writeFileSync(
    config,
    readFileSync(config, "utf8").replace(
      'versions: "migrations/versions",',
      'versions: "migrations/versions",\n  schema: "schema.ts",',
    ),
  );
  return { dir, schema: (text) => writeFileSync(join(dir, "schema.ts"), text), cli };
}
