import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type CliResult, projectCli, tempDir, useSchemaFile } from "./harness.js";
import { mariadbStageBackend } from "./mariadb-stage-backend.js";
import type { StageBackend } from "./stage-suite.js";

export interface MariadbSchemaProject {
  /** Set by the suite's beforeAll. */
  readonly at: { backend: StageBackend; project: string };
  cli(...argv: string[]): Promise<CliResult>;
  must(...argv: string[]): Promise<CliResult>;
  /** Replaces the project's Drizzle models (`schema.ts`). */
  writeSchema(text: string): void;
}

/**
 * Registers hooks that make a project on a throw-away MariaDB database with `first` as its
 * models, autogenerate them as revision `a00000000001` and upgrade; dropped after the file.
 * `url` rewrites the database URL the CLI is given (`mariadb://` renders offline SQL for MariaDB).
 *
 * @example
 * ```ts
 * const { at, must, writeSchema } = mariadbSchemaProject("fsp", schema(", { fsp: 3 }"));
 * ```
 */
export function mariadbSchemaProject(
  prefix: string,
  first: string,
  url: (databaseUrl: string) => string = (u) => u,
): MariadbSchemaProject {
  const at = {} as { backend: StageBackend; project: string };
  const { cli, must } = projectCli(
    () => at.project,
    () => ({ DATABASE_URL: url(at.backend.env.DATABASE_URL ?? "") }),
  );
  const writeSchema = (text: string) => writeFileSync(join(at.project, "schema.ts"), text);
  beforeAll(async () => {
    at.backend = await mariadbStageBackend(prefix);
    at.project = tempDir(`athanor-${prefix}-`);
    await must("init", "--dialect", "mysql");
    useSchemaFile(at.project);
    writeSchema(first);
    await must("revision", "--autogenerate", "-m", "first", "--rev-id", "a00000000001");
    await must("upgrade");
  }, 180_000);
  afterAll(async () => at.backend?.dispose());
  return { at, cli, must, writeSchema };
}
