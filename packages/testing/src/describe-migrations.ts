import { AthanorError } from "@athanor/core";
import { describe } from "vitest";
import type { CheckName, MigrationTestConfig } from "./migration-test-config.js";
import {
  isTestDatabase,
  testDowngradeLeavesNoTrace,
  testModelsMatchMigrations,
  testOldCodeRunsOnExpandedSchema,
  testSingleHead,
  testStairway,
  testUpgradeEachFromParent,
} from "./migration-tests.js";
import { withModelsDefault } from "./models-default-database.js";
import { useTestDatabase } from "./use-test-database.js";

/** Which checks {@link describeMigrations} registers. */
export interface DescribeMigrationsOptions {
  /** Only these checks. Naming one whose input is missing (`desired`, `smoke`) is an error. */
  readonly only?: readonly CheckName[] | undefined;
  /** Every check but these. */
  readonly skip?: readonly CheckName[] | undefined;
  /** Title of the `describe` block. Default `migrations`. */
  readonly name?: string | undefined;
}

const REGISTER: Readonly<Record<CheckName, (config: MigrationTestConfig) => void>> = {
  "single-head": testSingleHead,
  "upgrade-each-from-parent": testUpgradeEachFromParent,
  stairway: testStairway,
  "downgrade-leaves-no-trace": testDowngradeLeavesNoTrace,
  "models-match-migrations": (config) => testModelsMatchMigrations(config),
  "old-code-runs-on-expanded-schema": (config) => testOldCodeRunsOnExpandedSchema(config),
};

/** The checks that need an input beyond the history, and its name in the config. */
const NEEDS: Partial<Record<CheckName, "desired" | "smoke">> = {
  "models-match-migrations": "desired",
  "old-code-runs-on-expanded-schema": "smoke",
};

/**
 * Registers every migration check in one `describe` block sharing one test database (created
 * in beforeAll, dropped in afterAll; each check starts by emptying it). The models check runs
 * when `desired` is configured, the old-code check when `smoke` is.
 *
 * @example
 * ```ts
 * describeMigrations({ revisions: "./migrations/versions", desired: { drizzleSchema: "./src/db/schema.ts" } });
 * describeMigrations(config, { skip: ["stairway"] });
 * ```
 */
export function describeMigrations(
  config: MigrationTestConfig,
  options: DescribeMigrationsOptions = {},
): void {
  const all = Object.keys(REGISTER) as CheckName[];
  for (const name of [...(options.only ?? []), ...(options.skip ?? [])]) {
    if (!all.includes(name)) {
      throw new AthanorError(
        "ATHANOR_CONFIG_INVALID",
        `describeMigrations: unknown check "${name}". Known checks: ${all.join(", ")}.`,
        { check: name },
      );
    }
  }
  const missing = (options.only ?? []).filter((name) => {
    const input = NEEDS[name];
    return input !== undefined && config[input] === undefined;
  });
  if (missing.length > 0) {
    throw new AthanorError(
      "ATHANOR_CONFIG_INVALID",
      `describeMigrations: ${missing.map((m) => `"${m}" needs \`${NEEDS[m]}\` in the config`).join("; ")}.`,
      { checks: missing },
    );
  }
  const selected = all.filter((name) => {
    if (options.only !== undefined) return options.only.includes(name);
    if (options.skip?.includes(name)) return false;
    const input = NEEDS[name];
    return input === undefined || config[input] !== undefined;
  });
  describe(options.name ?? "migrations", () => {
    const given = config.database;
    const database = isTestDatabase(given)
      ? given
      : useTestDatabase(() => withModelsDefault(given ?? {}, config.desired));
    const shared: MigrationTestConfig = { ...config, database };
    for (const name of selected) REGISTER[name](shared);
  });
}
