// The SQLite differ harness shared by the round-trip tests (round-trip/*-sqlite.test.ts): a drizzle
// module canonicalised through an in-memory scratch, the differ's diff of two models, and
// operations applied as the runner applies a revision (rendered against the reflected schema,
// in one transaction). Test-only.
import { adoptConstraintNames, autogenerate, canonicalizeSchemaModel } from "@athanor/autogenerate";
import type { Connection, Operation, SchemaModel } from "@athanor/core";
import {
  introspectSqlite,
  sqliteDialect,
  sqliteDifferHooks,
  sqliteMemoryDialect,
  sqliteScratchArea,
} from "@athanor/sqlite";
import { collectDrizzleSchema } from "../collect-drizzle-schema.js";
import { drizzleToSchemaModel } from "../drizzle-to-schema-model.js";

const runner = sqliteDialect({ file: ":memory:" });

/** A scratch database, its canonicaliser and `close`. */
export function sqliteDiffHarness() {
  const scratch = sqliteMemoryDialect();
  return {
    async canonical(module: Record<string, unknown>): Promise<SchemaModel> {
      const model = drizzleToSchemaModel(collectDrizzleSchema([module]), { dialect: "sqlite" });
      return canonicalizeSchemaModel(model, {
        hooks: sqliteDifferHooks,
        area: sqliteScratchArea,
        scratch: await scratch.dialect.connect(),
        render: (op) => runner.render(op),
        introspect: (conn) => introspectSqlite(conn),
      });
    },
    close: () => scratch.close(),
  };
}

/** What the differ writes to turn `live` into `desired` (live's unnamed keys take desired's names). */
export function diffSqlite(desired: SchemaModel, live: SchemaModel) {
  return autogenerate({
    desired,
    live: adoptConstraintNames(desired, live),
    dialect: { hooks: sqliteDifferHooks },
  }).diff;
}

/**
 * One revision's operations applied as the runner does: rendered against the reflected schema,
 * in one transaction; where an operation cleared the render context (a rename: SQLite rewrites
 * the stored SQL naming the table), the next one that needs the table's definition reads the
 * schema again first, inside the transaction, as the runner's online sink does.
 */
export async function applySqlite(conn: Connection, ops: readonly Operation[]): Promise<void> {
  await conn.executeScript(["BEGIN IMMEDIATE"]);
  try {
    let context = await runner.reflect?.(conn);
    for (const op of ops) {
      if (context?.model === undefined && runner.needsPriorDefinition?.(op) === true)
        context = await runner.reflect?.(conn);
      await conn.executeScript([...runner.render(op, context)]);
    }
    await conn.executeScript(["COMMIT"]);
  } catch (error) {
    await conn.executeScript(["ROLLBACK"]);
    throw error;
  }
}
