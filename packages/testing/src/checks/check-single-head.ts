import { AthanorError, createMigrationContext, type Dialect } from "@athanor/core";
import type { CheckResult, MigrationTestConfig } from "../migration-test-config.js";

// Reading headers and building the graph needs no database; this dialect only quotes names
// for the version-table SQL that is prepared alongside and never sent.
const GRAPH_ONLY: Dialect = {
  name: "graph-only",
  capabilities: { transactionalDdl: true, concurrentConnections: false },
  render: () => [],
  connect: () => Promise.reject(unavailable()),
  acquireLock: () => Promise.reject(unavailable()),
  releaseLock: () => Promise.reject(unavailable()),
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  quoteLiteral: (value) => `'${value.replaceAll("'", "''")}'`,
  beginTransaction: "BEGIN",
  commitTransaction: "COMMIT",
  rollbackTransaction: "ROLLBACK",
  // prepared, never sent (see above)
  bookkeepingSql: {
    timestampType: "timestamptz",
    identityColumn: "bigint PRIMARY KEY",
    currentSchema: "current_schema()",
    timestampLiteral: (date) => `'${date.toISOString()}'`,
  },
};

function unavailable(): AthanorError {
  return new AthanorError("ATHANOR_INTERNAL", "checkSingleHead needs no database and must not connect.", {});
}

/**
 * The history has exactly one head (pytest-alembic's `test_single_head_revision`): two heads
 * mean two branches that were never merged, and `upgrade head` would refuse to pick one.
 * Needs no database.
 *
 * @example
 * ```ts
 * const result = await checkSingleHead({ revisions: "./migrations/versions" });
 * if (!result.ok) console.error(result.failure.message); // "Expected 1 head revision, found 2: …"
 * ```
 */
export async function checkSingleHead(config: MigrationTestConfig): Promise<CheckResult> {
  const check = "single-head";
  const { graph } = await createMigrationContext({
    dialect: GRAPH_ONLY,
    revisions: config.revisions,
    importer: config.importer,
  });
  const heads = graph.heads();
  if (heads.length === 1) return { ok: true, check, revisions: heads };
  if (heads.length === 0) {
    return {
      ok: false,
      check,
      failure: { message: "Expected 1 head revision, found none: the history is empty." },
    };
  }
  const listed = heads.map((id) => {
    const message = graph.get(id)?.message ?? "";
    return `  ${id}${message === "" ? "" : ` ("${message}")`}`;
  });
  return {
    ok: false,
    check,
    failure: {
      message:
        `Expected 1 head revision, found ${heads.length}:\n${listed.join("\n")}\n` +
        `Two branches were never merged. Merge them with \`athanor merge ${heads.join(" ")}\` (athanor merge heads merges them all).`,
    },
  };
}
