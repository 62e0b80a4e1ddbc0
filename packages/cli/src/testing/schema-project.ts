import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CliResult, runCli, tempDir, useSchemaFile } from "./harness.js";

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
  const cli = (...argv: string[]) => runCli(dir, argv, { env });
  const init = await cli("init", "--dialect", dialect);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  useSchemaFile(dir);
  return { dir, schema: (text) => writeFileSync(join(dir, "schema.ts"), text), cli };
}

/**
 * {@link schemaProject} with `schema` written, a revision made for it (`migrate`) and applied
 * (`upgrade`): the database at its heads, matching the models.
 *
 * @example
 * ```ts
 * const p = await migratedSchemaProject("postgresql", backend.env(), SCHEMA, "create account");
 * ```
 */
export async function migratedSchemaProject(
  dialect: "postgresql" | "mysql",
  env: Record<string, string>,
  schema: string,
  message: string,
): Promise<SchemaProject> {
  const project = await schemaProject(dialect, env);
  project.schema(schema);
  for (const argv of [["migrate", "-m", message], ["upgrade"]]) {
    const run = await project.cli(...argv);
    if (run.code !== 0) throw new Error(`${argv[0]} failed: ${run.stderr}`);
  }
  return project;
}
