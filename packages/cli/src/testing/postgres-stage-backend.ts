import { postgresBackend } from "./database-backend.js";
import type { StageBackend } from "./stage-suite.js";

/**
 * A throw-away PostgreSQL database shaped for the staged suites; fails (never skips) when the
 * server is down.
 *
 * @example
 * ```ts
 * defineStageSuite(() => postgresStageBackend("stage"));
 * ```
 */
export async function postgresStageBackend(prefix: string): Promise<StageBackend> {
  const backend = await postgresBackend(prefix);
  return {
    dialect: "postgresql",
    env: backend.env(),
    query: (sql) => backend.query("", sql),
    dispose: () => backend.dispose(),
  };
}
